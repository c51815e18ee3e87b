@v3.1.1
Feature: A message reaches every matching subscriber under the topic it was published to
  When the broker takes a message it adds it to the session of every client with a matching
  subscription [MQTT-4.5.0-1], and the topic name it sends is the one the message was published to,
  which matches the subscriber's filter [MQTT-3.3.2-3].

  @MQTT-4.5.0-1
  Scenario: Two subscribers of one topic each receive the message
    Given client "a" is connected
    And client "b" is connected
    And client "pub" is connected
    And client "a" is subscribed to "news" at QoS 0
    And client "b" is subscribed to "news" at QoS 0
    When client "pub" publishes "hello" to "news"
    Then client "a" receives "hello" on "news"
    And client "b" receives "hello" on "news"

  @MQTT-4.5.0-1 @MQTT-3.3.2-3
  Scenario: The publisher itself receives its message when it subscribes to the topic
    Given client "a" is connected
    And client "a" is subscribed to "echo" at QoS 0
    When client "a" publishes "me" to "echo"
    Then client "a" receives "me" on "echo"
