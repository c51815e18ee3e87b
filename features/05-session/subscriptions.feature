@v3.1.1
Feature: Subscriptions belong to the session
  A persistent session (CleanSession=0) keeps the client's subscriptions across connections [MQTT-3.1.2-4];
  a clean session (CleanSession=1) discards them, and nothing of a previous session is reused
  [MQTT-3.1.2-6]. While the connection lasts, so does the session [MQTT-4.1.0-2].

  @MQTT-3.1.2-4 @qos1
  Scenario: A persistent session's subscription still delivers after reconnecting
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" disconnects
    And client "a" connects with a persistent session
    And client "p" is connected
    When client "p" publishes "hello" to "inbox" at QoS 1
    Then client "a" receives "hello" on "inbox" at QoS 1

  @MQTT-3.1.2-6 @qos1
  Scenario: Reconnecting with a clean session drops the old subscriptions
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" disconnects
    And client "a" connects with a clean session
    And client "p" is connected
    And client "control" is connected
    And client "control" is subscribed to "inbox" at QoS 1
    When client "p" publishes "hello" to "inbox" at QoS 1
    And client "control" receives "hello" on "inbox"
    Then client "a" receives no message on "inbox"

  @MQTT-3.1.2-6 @qos1
  Scenario: A clean session's subscriptions are not there on the next connection
    Given client "a" is connected
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" disconnects
    And client "a" connects with a clean session
    And client "p" is connected
    And client "control" is connected
    And client "control" is subscribed to "inbox" at QoS 1
    When client "p" publishes "hello" to "inbox" at QoS 1
    And client "control" receives "hello" on "inbox"
    Then client "a" receives no message on "inbox"

  @MQTT-4.1.0-2
  Scenario: A clean session keeps delivering for as long as its connection is open
    Given client "a" is connected
    And client "a" is subscribed to "inbox" at QoS 0
    And client "p" is connected
    When client "p" publishes messages 1 to 3 to "inbox" at QoS 0
    Then client "a" receives messages 1 to 3 on "inbox" in order
