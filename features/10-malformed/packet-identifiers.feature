@v3.1.1
Feature: Packets that need a packet identifier must carry a non-zero one
  SUBSCRIBE, UNSUBSCRIBE and PUBLISH at QoS 1 or 2 carry a non-zero packet identifier
  [MQTT-2.3.1-1]; identifier 0 makes the packet malformed, and the server closes the connection
  [MQTT-4.8.0-1]. A PUBLISH with both QoS bits set is malformed too [MQTT-3.3.1-4].

  @MQTT-2.3.1-1 @MQTT-4.8.0-1 @qos1
  Scenario: A QoS 1 PUBLISH with packet identifier 0 closes the connection
    Given client "a" is connected
    When client "a" sends a raw PUBLISH to "t" with QoS bits 1 and packet identifier 0
    Then the broker closes the connection of client "a"

  @MQTT-2.3.1-1 @MQTT-4.8.0-1 @qos2
  Scenario: A QoS 2 PUBLISH with packet identifier 0 closes the connection
    Given client "a" is connected
    When client "a" sends a raw PUBLISH to "t" with QoS bits 2 and packet identifier 0
    Then the broker closes the connection of client "a"

  @MQTT-2.3.1-1 @MQTT-4.8.0-1
  Scenario: A SUBSCRIBE with packet identifier 0 closes the connection
    Given client "a" is connected
    When client "a" sends a raw SUBSCRIBE to "t" with packet identifier 0
    Then the broker closes the connection of client "a"

  @MQTT-2.3.1-1 @MQTT-4.8.0-1
  Scenario: An UNSUBSCRIBE with packet identifier 0 closes the connection
    Given client "a" is connected
    When client "a" sends a raw UNSUBSCRIBE from "t" with packet identifier 0
    Then the broker closes the connection of client "a"

  @MQTT-3.3.1-4
  Scenario: A PUBLISH with both QoS bits set closes the connection
    Given client "a" is connected
    When client "a" sends a raw PUBLISH to "t" with QoS bits 3 and packet identifier 1
    Then the broker closes the connection of client "a"

  @MQTT-3.3.1-4
  Scenario: A PUBLISH with both QoS bits set is not delivered
    Given client "b" is connected
    And client "b" is subscribed to "t" at QoS 2
    And client "a" is connected
    When client "a" sends a raw PUBLISH to "t" with QoS bits 3 and packet identifier 1
    Then client "b" receives no message on "t"
