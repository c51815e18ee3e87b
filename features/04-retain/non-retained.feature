@v3.1.1 @retain
Feature: A PUBLISH with RETAIN=0 leaves the retained store alone
  A message published with RETAIN=0 is neither stored as the retained message nor removes or replaces the
  message already retained on its topic [MQTT-3.3.1-12].

  @MQTT-3.3.1-12 @qos1
  Scenario: A non-retained message is not sent to a later subscriber
    Given client "pub" is connected
    And client "pub" publishes "live" to "feed" at QoS 1
    And client "sub" is connected
    When client "sub" subscribes to "feed" at QoS 1
    Then client "sub" receives no message on "feed"

  @MQTT-3.3.1-12 @qos1
  Scenario: A non-retained message does not replace the retained one
    Given client "pub" is connected
    And client "pub" publishes a retained message "kept" to "feed" at QoS 1
    And client "pub" publishes "live" to "feed" at QoS 1
    And client "sub" is connected
    When client "sub" subscribes to "feed" at QoS 1
    Then client "sub" receives "kept" on "feed" at QoS 1
    And that message has the retain flag set
    And client "sub" receives no message on "feed"

  @MQTT-3.3.1-12 @qos1
  Scenario: A non-retained empty message does not delete the retained one
    Given client "pub" is connected
    And client "pub" publishes a retained message "kept" to "feed" at QoS 1
    And client "pub" publishes an empty non-retained message to "feed"
    And client "sub" is connected
    When client "sub" subscribes to "feed" at QoS 1
    Then client "sub" receives "kept" on "feed" at QoS 1
