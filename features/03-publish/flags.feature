@v3.1.1
Feature: The broker sets DUP and RETAIN on forwarded messages itself
  The DUP flag of a PUBLISH the broker sends says only whether that PUBLISH is a retransmission:
  it is not copied from the incoming PUBLISH [MQTT-3.3.1-3], and it is 0 for QoS 0 [MQTT-3.3.1-2].
  A message forwarded because it matches an existing subscription has RETAIN=0, however the flag
  was set by the publisher [MQTT-3.3.1-9].

  Background:
    Given client "sub" is connected
    And client "pub" is connected

  @MQTT-3.3.1-3 @qos1
  Scenario: A PUBLISH received with DUP=1 is forwarded on its first delivery with DUP=0
    Given client "sub" is subscribed to "t" at QoS 1
    When client "pub" sends PUBLISH "dup" to "t" at QoS 1 with packet id 21 and the DUP flag set
    And client "pub" receives PUBACK with packet id 21
    And client "sub" receives "dup" on "t" at QoS 1
    Then that message has the DUP flag not set

  @MQTT-3.3.1-2 @MQTT-4.3.1-1 @qos1
  Scenario: A QoS 1 PUBLISH with DUP=1 delivered to a QoS 0 subscription has DUP=0
    Given client "sub" is subscribed to "t" at QoS 0
    When client "pub" sends PUBLISH "dup" to "t" at QoS 1 with packet id 22 and the DUP flag set
    Then client "sub" receives "dup" on "t" at QoS 0 [MQTT-4.3.1-1]
    And that message has the DUP flag not set [MQTT-3.3.1-2, MQTT-4.3.1-1]

  @MQTT-3.3.1-9
  Scenario: A live message published without RETAIN is forwarded with RETAIN=0
    Given client "sub" is subscribed to "t" at QoS 0
    When client "pub" publishes "live" to "t"
    Then client "sub" receives "live" on "t"
    And that message has the retain flag not set

  @MQTT-3.3.1-9 @retain
  Scenario: A live message published with RETAIN to an existing subscriber is forwarded with RETAIN=0
    Given client "sub" is subscribed to "t" at QoS 0
    When client "pub" publishes a retained message "kept" to "t"
    Then client "sub" receives "kept" on "t"
    And that message has the retain flag not set
