@v3.1.1
Feature: A PUBLISH the spec forbids closes the connection
  A PUBLISH starts its variable header with a topic name, a well-formed UTF-8 string
  [MQTT-3.3.2-1, MQTT-1.5.3-1], which must not contain the wildcard characters `+` or `#`
  [MQTT-3.3.2-2, MQTT-4.7.1-1] and must be at least one character long [MQTT-4.7.3-1]; a PUBLISH
  must not have both QoS bits set [MQTT-3.3.1-4]; a PUBREL must carry the fixed header flags 0010
  [MQTT-3.6.1-1]. The server closes the network connection on each of these protocol violations
  [MQTT-4.8.0-1].

  Background:
    Given client "bad" is connected

  @MQTT-3.3.2-2 @MQTT-4.7.1-1 @MQTT-4.8.0-1
  Scenario Outline: A PUBLISH to the topic name "<topic>" closes the connection
    When client "bad" sends a PUBLISH "wild" to the topic name "<topic>"
    Then the broker closes the connection of client "bad"

    Examples:
      | topic    |
      | a/+      |
      | a/#      |
      | +/b      |
      | a/b+c    |

  @MQTT-4.7.3-1 @MQTT-4.8.0-1
  Scenario: A PUBLISH with an empty topic name closes the connection
    When client "bad" sends a PUBLISH "nameless" to the topic name ""
    Then the broker closes the connection of client "bad"

  @MQTT-3.3.1-4
  Scenario: A PUBLISH with both QoS bits set closes the connection
    When client "bad" sends a PUBLISH to "t" with both QoS bits set
    Then the broker closes the connection of client "bad"

  @MQTT-3.6.1-1 @qos2
  Scenario: A PUBREL with fixed header flags 0000 closes the connection
    When client "bad" sends PUBLISH "m" to "t" at QoS 2 with packet id 61
    And client "bad" receives PUBREC with packet id 61
    And client "bad" sends PUBREL with packet id 61 and fixed header flags "0000"
    Then the broker closes the connection of client "bad"

  @MQTT-3.3.2-1 @MQTT-1.5.3-1
  Scenario: A PUBLISH whose topic name is not well-formed UTF-8 closes the connection
    # 30 = PUBLISH QoS 0, 07 = remaining length, 00 03 = topic length 3, 61 ff 62 = "a", an invalid byte, "b", 70 6c = payload "pl"
    When client "bad" sends the bytes "30 07 00 03 61 ff 62 70 6c"
    Then the broker closes the connection of client "bad"

  @MQTT-3.3.2-1
  Scenario: A PUBLISH without a topic name closes the connection
    # 30 = PUBLISH QoS 0, 00 = remaining length 0: not even the two-byte length of a topic name
    When client "bad" sends the bytes "30 00"
    Then the broker closes the connection of client "bad"
