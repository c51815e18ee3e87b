@v3.1.1
Feature: Protocol violations close the connection, and only that connection
  A server that meets a protocol violation closes the network connection it came on
  [MQTT-4.8.0-1]: a packet before CONNECT, a packet type only a server sends (CONNACK, SUBACK,
  UNSUBACK, PINGRESP) or a reserved type (0, 15), a Remaining Length longer than four bytes, a
  packet whose fields run past its length. Other clients carry on as before.

  Scenario Outline: A client that sends <what> before CONNECT is disconnected
    Given client "a" opens a network connection
    When client "a" sends <packet>
    Then the broker closes the connection of client "a" without sending a CONNACK

    @MQTT-4.8.0-1 @MQTT-3.1.0-1
    Examples:
      | what      | packet                                                     |
      | PINGREQ   | a PINGREQ packet                                           |
      | SUBSCRIBE | a raw SUBSCRIBE to "t" with packet identifier 1            |
      | PUBLISH   | a raw PUBLISH to "t" with QoS bits 0 and packet identifier 0 |

  @MQTT-4.8.0-1 @MQTT-3.1.0-1
  Scenario: A PINGREQ before CONNECT is not answered
    Given client "a" opens a network connection
    When client "a" sends a PINGREQ packet
    Then client "a" receives no PINGRESP packet

  Scenario Outline: A <what> from a client is a protocol violation
    Given client "a" is connected
    When client "a" sends the bytes "<bytes>"
    Then the broker closes the connection of client "a"

    @MQTT-4.8.0-1
    Examples: server-to-client packet types
      | what                 | bytes          |
      | CONNACK              | 20 02 00 00    |
      | SUBACK               | 90 03 00 01 00 |
      | UNSUBACK             | B0 02 00 01    |
      | PINGRESP             | D0 00          |

    @MQTT-4.8.0-1
    Examples: reserved packet types
      | what                 | bytes          |
      | packet of type 0     | 00 00          |
      | packet of type 15    | F0 00          |

    @MQTT-4.8.0-1
    Examples: broken lengths
      | what                                            | bytes                     |
      | Remaining Length of five bytes                  | 30 FF FF FF FF 7F         |
      | PUBLISH whose topic length exceeds the packet   | 30 05 00 09 61 62 63      |
      | PINGREQ with a body                             | C0 01 00                  |

  @MQTT-4.8.0-1
  Scenario: Another client is unaffected when one connection is closed for a protocol violation
    Given client "b" is connected
    And client "b" is subscribed to "t" at QoS 1
    And client "a" is connected
    And client "a" sends the bytes "F0 00"
    And the broker closes the connection of client "a"
    When client "b" publishes "still here" to "t" at QoS 1
    Then client "b" receives "still here" on "t" at QoS 1
    And the connection of client "b" stays open
