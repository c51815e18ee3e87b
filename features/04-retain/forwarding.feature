@v3.1.1 @retain
Feature: Retained messages reach existing subscribers as ordinary messages, and again on re-subscribe
  A message sent because it matches a subscription that already exists carries RETAIN=0, however the
  publisher set the flag [MQTT-3.3.1-9]. Subscribing again with the identical filter replaces the
  subscription and the retained messages matching it are sent again [MQTT-3.8.4-3], as retained copies
  [MQTT-3.3.1-8].

  @MQTT-3.3.1-9 @qos1
  Scenario: A retained publish is forwarded to an existing subscriber with RETAIN=0
    Given client "sub" is connected
    And client "sub" is subscribed to "valve" at QoS 1
    And client "pub" is connected
    When client "pub" publishes a retained message "shut" to "valve" at QoS 1
    Then client "sub" receives "shut" on "valve" at QoS 1
    And that message has the retain flag not set

  @MQTT-3.8.4-3 @MQTT-3.3.1-8 @qos1
  Scenario: Subscribing again with the same filter re-sends the retained message
    Given client "pub" is connected
    And client "pub" publishes a retained message "shut" to "valve" at QoS 1
    And client "sub" is connected
    And client "sub" is subscribed to "valve" at QoS 1
    And client "sub" receives "shut" on "valve"
    When client "sub" subscribes to "valve" at QoS 1
    Then client "sub" receives "shut" on "valve" at QoS 1 [MQTT-3.8.4-3]
    And that message has the retain flag set [MQTT-3.3.1-8]

  @MQTT-3.8.4-3 @qos1
  Scenario: Subscribing again with the same filter at a lower QoS re-sends the retained message at that QoS
    Given client "pub" is connected
    And client "pub" publishes a retained message "shut" to "valve" at QoS 1
    And client "sub" is connected
    And client "sub" is subscribed to "valve" at QoS 1
    And client "sub" receives "shut" on "valve" at QoS 1
    When client "sub" subscribes to "valve" at QoS 0
    Then client "sub" receives "shut" on "valve" at QoS 0
    And that message has the retain flag set
