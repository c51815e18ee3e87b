@v3.1.1
Feature: A malformed SUBSCRIBE or UNSUBSCRIBE closes the connection
  The fixed header flags of SUBSCRIBE and UNSUBSCRIBE must be 0010, anything else is malformed
  [MQTT-3.8.1-1, MQTT-3.10.1-1]. The Requested QoS byte has six reserved upper bits that must be 0
  and a QoS of 0, 1 or 2 [MQTT-3-8.3-4]. A SUBSCRIBE or UNSUBSCRIBE without a single topic filter is
  a protocol violation [MQTT-3.8.3-3, MQTT-3.10.3-2]. In each case the server closes the network
  connection [MQTT-4.8.0-1].

  Background:
    Given client "bad" is connected

  @MQTT-3.8.3-3 @MQTT-4.8.0-1
  Scenario: A SUBSCRIBE with no topic filter closes the connection
    # 82 = SUBSCRIBE with flags 0010, 02 = remaining length, 00 0a = packet id 10, no payload
    When client "bad" sends the bytes "82 02 00 0a"
    Then the broker closes the connection of client "bad"

  @MQTT-3-8.3-4
  Scenario: A SUBSCRIBE asking QoS 3 closes the connection
    When client "bad" subscribes to "news" with a Requested QoS byte of "03"
    Then the broker closes the connection of client "bad"

  @MQTT-3-8.3-4
  Scenario: A SUBSCRIBE with a reserved bit set in the Requested QoS byte closes the connection
    When client "bad" subscribes to "news" with a Requested QoS byte of "04"
    Then the broker closes the connection of client "bad"

  @MQTT-3.8.1-1
  Scenario Outline: A SUBSCRIBE with fixed header flags <flags> closes the connection
    When client "bad" sends SUBSCRIBE for "news" with fixed header flags "<flags>"
    Then the broker closes the connection of client "bad"

    Examples:
      | flags |
      | 0000  |
      | 0011  |

  @MQTT-3.10.1-1
  Scenario Outline: An UNSUBSCRIBE with fixed header flags <flags> closes the connection
    When client "bad" sends UNSUBSCRIBE for "news" with fixed header flags "<flags>"
    Then the broker closes the connection of client "bad"

    Examples:
      | flags |
      | 0000  |
      | 1010  |

  @MQTT-3.10.3-2 @MQTT-4.8.0-1
  Scenario: An UNSUBSCRIBE with no topic filter closes the connection
    # a2 = UNSUBSCRIBE with flags 0010, 02 = remaining length, 00 0b = packet id 11, no payload
    When client "bad" sends the bytes "a2 02 00 0b"
    Then the broker closes the connection of client "bad"
