@v3.1.1 @retain
Feature: A new retained message replaces the one stored for its topic
  The server keeps one retained message per topic: the last one published with RETAIN=1 [MQTT-3.3.1-5].
  A retained QoS 0 message must discard whatever was retained before on that topic; keeping the QoS 0
  message itself is only recommended [MQTT-3.3.1-7].

  @MQTT-3.3.1-5 @qos1
  Scenario: Only the latest retained message is sent to a later subscriber
    Given client "pub" is connected
    And client "pub" publishes a retained message "first" to "mode" at QoS 1
    And client "pub" publishes a retained message "second" to "mode" at QoS 1
    And client "sub" is connected
    When client "sub" subscribes to "mode" at QoS 1
    Then client "sub" receives "second" on "mode" at QoS 1
    And client "sub" receives no message on "mode"

  @MQTT-3.3.1-7 @qos1
  Scenario: A retained QoS 0 message discards the message retained before it
    # The QoS 0 message itself may or may not be kept; only the old one must be gone.
    Given client "pub" is connected
    And client "pub" publishes a retained message "old" to "mode" at QoS 1
    And client "pub" publishes a retained message "new" to "mode" at QoS 0
    And client "sub" is connected
    When client "sub" subscribes to "mode" at QoS 1
    Then client "sub" is never sent "old" on "mode"
