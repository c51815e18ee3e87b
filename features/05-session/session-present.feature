@v3.1.1
Feature: CONNACK tells the client whether the server kept its session
  With CleanSession=1 the server starts a fresh session and answers Session Present 0 [MQTT-3.2.2-1]
  [MQTT-3.1.2-6]. With CleanSession=0 it resumes the session stored for that client id [MQTT-3.1.2-4]
  [MQTT-3.1.3-2] and answers Session Present 1 [MQTT-3.2.2-2], or creates one and answers 0 when it has
  none [MQTT-3.2.2-3].

  @MQTT-3.2.2-1
  Scenario: A clean-session connection is answered with session present 0
    When client "a" connects with a clean session
    And client "a" receives CONNACK with return code 0
    Then that CONNACK has session present 0

  @MQTT-3.2.2-3 @MQTT-3.1.2-4
  Scenario: The first persistent-session connection of a client id is answered with session present 0
    When client "a" connects with a persistent session
    And client "a" receives CONNACK with return code 0
    Then that CONNACK has session present 0

  @MQTT-3.2.2-2 @MQTT-3.1.2-4 @qos1
  Scenario: A returning persistent-session client is answered with session present 1
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" disconnects
    When client "a" connects with a persistent session
    And client "a" receives CONNACK with return code 0
    Then that CONNACK has session present 1

  @MQTT-3.2.2-1 @MQTT-3.1.2-6 @qos1
  Scenario: A clean-session connection is answered with session present 0 even when a session was stored
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" disconnects
    When client "a" connects with a clean session
    And client "a" receives CONNACK with return code 0
    Then that CONNACK has session present 0

  @MQTT-3.1.2-6 @MQTT-3.2.2-3 @qos1
  Scenario: A session stored before a clean-session connection is gone afterwards
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" disconnects
    And client "a" connects with a clean session
    And client "a" disconnects
    When client "a" connects with a persistent session
    And client "a" receives CONNACK with return code 0
    Then that CONNACK has session present 0

  @MQTT-3.1.2-6 @MQTT-3.2.2-3 @qos1
  Scenario: The state of a clean session is not kept after its connection ends
    Given client "a" is connected
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" disconnects
    When client "a" connects with a persistent session
    And client "a" receives CONNACK with return code 0
    Then that CONNACK has session present 0

  @MQTT-3.1.3-2 @MQTT-3.2.2-3 @qos1
  Scenario: A session belongs to its client id only
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" disconnects
    When client "b" connects with a persistent session
    And client "b" receives CONNACK with return code 0
    Then that CONNACK has session present 0
