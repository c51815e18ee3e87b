@v3.1.1
Feature: A second connection with the same client id takes the session over
  When a client connects with a client id that is already connected, the server disconnects the existing
  connection [MQTT-3.1.4-2], then handles CleanSession for the new one as usual [MQTT-3.1.4-3] and accepts
  it with return code 0 [MQTT-3.1.4-4]: with CleanSession=0 the new connection carries on the same session.

  @MQTT-3.1.4-2
  Scenario: The existing connection is closed when its client id connects again
    Given client "first" is connected
    When client "second" sends CONNECT with:
      | client id | <same as first> |
    And client "second" receives CONNACK with return code 0
    Then the broker closes the connection of client "first"

  @MQTT-3.1.4-2 @MQTT-3.1.4-3 @MQTT-3.1.4-4 @MQTT-3.2.2-2 @qos1
  Scenario: The new persistent-session connection resumes the session of the one it replaced
    Given client "first" is connected with a persistent session
    And client "first" is subscribed to "inbox" at QoS 1
    When client "second" sends CONNECT with:
      | client id     | <same as first> |
      | clean session | 0               |
    Then client "second" receives CONNACK with return code 0 [MQTT-3.1.4-4]
    And that CONNACK has session present 1 [MQTT-3.1.4-3, MQTT-3.2.2-2]
    And the broker closes the connection of client "first" [MQTT-3.1.4-2]

  @MQTT-3.1.4-3 @MQTT-3.1.2-4 @qos1
  Scenario: Messages for the session go to the new connection after a takeover
    Given client "first" is connected with a persistent session
    And client "first" is subscribed to "inbox" at QoS 1
    And client "second" sends CONNECT with:
      | client id     | <same as first> |
      | clean session | 0               |
    And client "second" receives CONNACK with return code 0
    And client "p" is connected
    When client "p" publishes "to the new one" to "inbox" at QoS 1
    Then client "second" receives "to the new one" on "inbox"

  @MQTT-3.1.4-3 @MQTT-3.1.2-6 @qos1
  Scenario: A clean-session takeover starts with no subscriptions
    Given client "first" is connected with a persistent session
    And client "first" is subscribed to "inbox" at QoS 1
    And client "second" sends CONNECT with:
      | client id     | <same as first> |
      | clean session | 1               |
    And client "second" receives CONNACK with return code 0 and session present 0
    And client "p" is connected
    And client "control" is connected
    And client "control" is subscribed to "inbox" at QoS 1
    When client "p" publishes "to nobody" to "inbox" at QoS 1
    And client "control" receives "to nobody" on "inbox"
    Then client "second" receives no message on "inbox"

  @MQTT-3.1.4-3 @MQTT-4.4.0-1 @MQTT-3.3.1.-1 @qos1
  Scenario: A delivery the replaced connection never acknowledged is re-sent on the new one
    Given client "first" is connected with a persistent session
    And client "first" is subscribed to "inbox" at QoS 1
    And client "first" leaves the messages it receives unacknowledged
    And client "p" is connected
    And client "p" publishes "pending" to "inbox" at QoS 1
    And client "first" receives "pending" on "inbox" at QoS 1
    When client "second" sends CONNECT with:
      | client id     | <same as first> |
      | clean session | 0               |
    Then client "second" receives "pending" on "inbox" [MQTT-3.1.4-3, MQTT-4.4.0-1]
    And that message has the DUP flag set [MQTT-3.3.1.-1]
