@v3.1.1
Feature: Messages published while a persistent-session client is away wait for it
  After a CleanSession=0 client disconnects, the server stores the QoS 1 and QoS 2 messages that match its
  subscriptions as part of its session [MQTT-3.1.2-5] [MQTT-4.5.0-1] [MQTT-4.1.0-1] and sends them when
  it returns, in the order they were published [MQTT-4.6.0-6]. Whether QoS 0 messages are queued too is
  the server's choice, so no scenario asserts either way. A clean session stores nothing.

  @MQTT-3.1.2-5 @MQTT-4.5.0-1 @MQTT-4.1.0-1 @MQTT-3.8.4-6 @qos1
  Scenario: A QoS 1 message published while the client is away is delivered when it returns
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" disconnects
    And client "p" is connected
    And client "p" publishes "while away" to "inbox" at QoS 1
    When client "a" connects with a persistent session
    Then client "a" receives "while away" on "inbox" [MQTT-3.1.2-5, MQTT-4.5.0-1, MQTT-4.1.0-1]
    And that message has QoS 1 [MQTT-3.8.4-6]

  @MQTT-3.1.2-5 @MQTT-4.5.0-1 @MQTT-3.8.4-6 @qos2
  Scenario: A QoS 2 message published while the client is away is delivered when it returns
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 2
    And client "a" disconnects
    And client "p" is connected
    And client "p" publishes "while away" to "inbox" at QoS 2
    When client "a" connects with a persistent session
    Then client "a" receives "while away" on "inbox" [MQTT-3.1.2-5, MQTT-4.5.0-1]
    And that message has QoS 2 [MQTT-3.8.4-6]

  @MQTT-3.1.2-5 @MQTT-3.8.4-6 @qos2
  Scenario: A QoS 2 message queued for a QoS 1 subscription is delivered at QoS 1
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" disconnects
    And client "p" is connected
    And client "p" publishes "while away" to "inbox" at QoS 2
    When client "a" connects with a persistent session
    Then client "a" receives "while away" on "inbox" [MQTT-3.1.2-5]
    And that message has QoS 1 [MQTT-3.8.4-6]

  @MQTT-3.1.2-5 @MQTT-4.6.0-6 @qos1
  Scenario: Messages queued while the client is away arrive in publish order
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" disconnects
    And client "p" is connected
    And client "p" publishes messages 1 to 5 to "inbox" at QoS 1
    When client "a" connects with a persistent session
    Then client "a" receives messages 1 to 5 on "inbox" in any order [MQTT-3.1.2-5]
    And those messages came in their original order [MQTT-4.6.0-6]

  @MQTT-3.1.2-6 @qos1
  Scenario: Messages queued for a persistent session are discarded by a clean-session connection
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" disconnects
    And client "p" is connected
    And client "p" publishes "while away" to "inbox" at QoS 1
    When client "a" connects with a clean session
    # A live, subscribed connection shows the broker serves a: a stored message would come before this.
    And client "a" is subscribed to "inbox" at QoS 1
    And client "p" publishes "now" to "inbox" at QoS 1
    And client "a" receives "now" on "inbox"
    Then client "a" receives no message on "inbox"

  @MQTT-3.1.2-6 @qos1
  Scenario: Nothing is queued for a client whose session was clean
    Given client "a" is connected
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" disconnects
    And client "p" is connected
    And client "p" publishes "while away" to "inbox" at QoS 1
    When client "a" connects with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "p" publishes "now" to "inbox" at QoS 1
    And client "a" receives "now" on "inbox"
    Then client "a" receives no message on "inbox"
