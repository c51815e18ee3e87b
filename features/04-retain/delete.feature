@v3.1.1 @retain
Feature: A retained message with an empty payload deletes the retained message
  A retained PUBLISH with a zero-byte payload removes the message retained on its topic, so later
  subscribers get nothing [MQTT-3.3.1-10], and is itself never stored [MQTT-3.3.1-11]. It is still
  forwarded as normal to the clients already subscribed, which means with RETAIN=0 [MQTT-3.3.1-10]
  [MQTT-3.3.1-11] [MQTT-3.3.1-9].

  @MQTT-3.3.1-10 @qos1
  Scenario: After an empty retained message a later subscriber is sent nothing
    Given client "pub" is connected
    And client "pub" publishes a retained message "busy" to "desk/state" at QoS 1
    And client "pub" clears the retained message on "desk/state"
    And client "sub" is connected
    When client "sub" subscribes to "desk/state" at QoS 1
    Then client "sub" receives no message on "desk/state"

  @MQTT-3.3.1-10 @MQTT-3.3.1-11
  Scenario: The empty retained message is forwarded to existing subscribers with RETAIN=0
    Given client "sub" is connected
    And client "sub" is subscribed to "desk/state" at QoS 0
    And client "pub" is connected
    When client "pub" clears the retained message on "desk/state"
    Then client "sub" receives "" on "desk/state" [MQTT-3.3.1-10]
    And that message has the retain flag not set [MQTT-3.3.1-11]

  @MQTT-3.3.1-11
  Scenario: An empty retained message on a topic with nothing retained is not stored
    Given client "pub" is connected
    And client "pub" clears the retained message on "desk/state"
    And client "sub" is connected
    When client "sub" subscribes to "desk/state" at QoS 0
    Then client "sub" receives no message on "desk/state"
