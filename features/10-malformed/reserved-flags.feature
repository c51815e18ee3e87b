@v3.1.1
Feature: Reserved fixed-header flag bits must hold their fixed values
  Bits 3-0 of the first byte are fixed for every packet type but PUBLISH: 0010 for PUBREL, SUBSCRIBE
  and UNSUBSCRIBE, 0000 for the others. Setting them so is the sender's rule [MQTT-2.2.2-1], which the
  client here breaks on purpose; the broker's rule, as the receiver, is to close the network connection
  [MQTT-2.2.2-2, MQTT-3.6.1-1, MQTT-3.8.1-1, MQTT-3.10.1-1, MQTT-3.14.1-1].

  @MQTT-2.2.2-2
  Scenario: A CONNECT with fixed header flags 0001 is closed without CONNACK
    Given client "a" opens a network connection
    When client "a" sends a CONNECT packet with fixed header flags "0001"
    Then the broker closes the connection of client "a" without sending a CONNACK

  Scenario Outline: A <type> with fixed header flags <flags> closes the connection
    Given client "a" is connected
    When client "a" sends a <type> packet with fixed header flags "<flags>"
    Then the broker closes the connection of client "a"

    @MQTT-2.2.2-2
    Examples: types whose flags are 0000
      | type     | flags |
      | PUBACK   | 0001  |
      | PUBREC   | 1000  |
      | PUBCOMP  | 0100  |
      | PINGREQ  | 0010  |

    @MQTT-2.2.2-2 @MQTT-3.6.1-1
    Examples: PUBREL (flags 0010)
      | type   | flags |
      | PUBREL | 0000  |
      | PUBREL | 0011  |

    @MQTT-2.2.2-2 @MQTT-3.8.1-1
    Examples: SUBSCRIBE (flags 0010)
      | type      | flags |
      | SUBSCRIBE | 0000  |
      | SUBSCRIBE | 1010  |

    @MQTT-2.2.2-2 @MQTT-3.10.1-1
    Examples: UNSUBSCRIBE (flags 0010)
      | type        | flags |
      | UNSUBSCRIBE | 0000  |
      | UNSUBSCRIBE | 0110  |

  # A broker that ignores the flags closes on DISCONNECT anyway, so the will tells the two apart: a
  # packet with invalid reserved bits is malformed, not a DISCONNECT, so the will is not discarded
  # [MQTT-3.1.2-8] and the close is a protocol-violation close [MQTT-3.14.1-1, MQTT-4.8.0-1].
  @MQTT-3.14.1-1 @MQTT-2.2.2-2 @will
  Scenario: A DISCONNECT with fixed header flags 0001 is a protocol violation, so the will is published
    Given client "watcher" is connected
    And client "watcher" is subscribed to "will" at QoS 0
    And client "a" sends CONNECT with:
      | will topic   | will |
      | will payload | gone |
    And client "a" receives CONNACK with return code 0
    When client "a" sends a DISCONNECT packet with fixed header flags "0001"
    Then the broker closes the connection of client "a"
    And client "watcher" receives "gone" on "will"
