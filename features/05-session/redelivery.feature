@v3.1.1
Feature: Unacknowledged deliveries are sent again when the session resumes
  When a CleanSession=0 client comes back, the server re-sends every QoS 1 and QoS 2 PUBLISH the client had
  not acknowledged, and every PUBREL not yet completed, with their original packet identifiers
  [MQTT-4.4.0-1]; a re-sent PUBLISH carries DUP=1 [MQTT-3.3.1.-1] (the spec table's own spelling), and re-sent PUBLISHes keep their original order [MQTT-4.6.0-1] [MQTT-4.6.0-6].

  @MQTT-4.4.0-1 @MQTT-3.3.1.-1 @qos1
  Scenario: An unacknowledged QoS 1 delivery is re-sent with DUP=1 and the same packet id
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" leaves the messages it receives unacknowledged
    And client "p" is connected
    And client "p" publishes "m1" to "inbox" at QoS 1
    And client "a" receives "m1" on "inbox" at QoS 1
    When the network connection of client "a" drops
    And client "a" connects with a persistent session
    Then client "a" receives "m1" on "inbox" again with the same packet id [MQTT-4.4.0-1]
    And that message has the DUP flag set [MQTT-3.3.1.-1]

  @MQTT-4.4.0-1 @MQTT-3.3.1.-1 @qos2
  Scenario: A QoS 2 delivery never answered with PUBREC is re-sent with DUP=1 and the same packet id
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 2
    And client "a" leaves the messages it receives unacknowledged
    And client "p" is connected
    And client "p" publishes "m2" to "inbox" at QoS 2
    And client "a" receives "m2" on "inbox" at QoS 2
    When the network connection of client "a" drops
    And client "a" connects with a persistent session
    Then client "a" receives "m2" on "inbox" again with the same packet id [MQTT-4.4.0-1]
    And that message has the DUP flag set [MQTT-3.3.1.-1]

  @MQTT-4.4.0-1 @qos2
  Scenario: A PUBREL not yet completed is re-sent with the same packet id
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 2
    And client "a" leaves the messages it receives unacknowledged
    And client "p" is connected
    And client "p" publishes "m3" to "inbox" at QoS 2
    And client "a" receives "m3" on "inbox" at QoS 2
    And client "a" answers that message with PUBREC
    And client "a" receives a PUBREL for that message
    When the network connection of client "a" drops
    And client "a" connects with a persistent session
    Then client "a" receives a PUBREL for that message
    And client "a" receives no message on "inbox"

  @MQTT-4.4.0-1 @MQTT-4.6.0-1 @MQTT-4.6.0-6 @MQTT-3.3.1.-1 @qos1
  Scenario: Unacknowledged deliveries are re-sent in their original order
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" leaves the messages it receives unacknowledged
    And client "p" is connected
    And client "p" publishes messages 1 to 3 to "inbox" at QoS 1
    And client "a" receives messages 1 to 3 on "inbox" in order
    When the network connection of client "a" drops
    And client "a" connects with a persistent session
    Then client "a" receives messages 1 to 3 on "inbox" again with their original packet ids [MQTT-4.4.0-1]
    And those messages came in their original order [MQTT-4.6.0-1, MQTT-4.6.0-6]
    And each of those messages has the DUP flag set [MQTT-3.3.1.-1]

  @MQTT-4.4.0-1 @qos1
  Scenario: An acknowledged QoS 1 delivery is not re-sent
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "p" is connected
    And client "p" publishes "m4" to "inbox" at QoS 1
    And client "a" receives "m4" on "inbox" at QoS 1
    When client "a" disconnects
    And client "a" connects with a persistent session
    And client "p" publishes "m5" to "inbox" at QoS 1
    # A re-sent m4 would come before m5, which shows the resumed session delivers.
    And client "a" receives "m5" on "inbox" at QoS 1
    Then client "a" receives no message on "inbox"

  @MQTT-4.4.0-1 @MQTT-4.6.0-6 @qos1
  Scenario: An unacknowledged delivery is re-sent before the messages queued after it
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "inbox" at QoS 1
    And client "a" leaves the messages it receives unacknowledged
    And client "p" is connected
    And client "p" publishes "1" to "inbox" at QoS 1
    And client "a" receives "1" on "inbox" at QoS 1
    And client "a" disconnects
    And client "p" publishes messages 2 to 3 to "inbox" at QoS 1
    When client "a" connects with a persistent session
    Then client "a" receives messages 1 to 3 on "inbox" in order [MQTT-4.4.0-1, MQTT-4.6.0-6]
