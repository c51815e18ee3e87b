@v3.1.1
Feature: The server answers every SUBSCRIBE with a matching SUBACK
  A SUBSCRIBE is always answered by a SUBACK [MQTT-3.8.4-1] carrying the same packet id
  [MQTT-3.8.4-2, MQTT-2.3.1-7]. The SUBACK holds one return code per topic filter, in the order of
  the filters [MQTT-3.8.4-5, MQTT-3.9.3-1]; each code is the QoS granted (never more than was
  asked) or 0x80 for a refusal, and no other value is allowed [MQTT-3.9.3-2]. Several filters in one
  packet behave as several SUBSCRIBEs answered together [MQTT-3.8.4-4].

  Background:
    Given client "sub" is connected

  @MQTT-3.8.4-1 @MQTT-3.8.4-2 @MQTT-2.3.1-7
  Scenario: The SUBACK carries the packet id of the SUBSCRIBE it answers
    When client "sub" sends SUBSCRIBE with packet id 4660 for "news" at QoS 0
    Then client "sub" receives SUBACK with packet id 4660

  @MQTT-3.8.4-1 @MQTT-3.8.4-2 @MQTT-2.3.1-7
  Scenario: A SUBSCRIBE with the highest packet id is answered with that id
    When client "sub" sends SUBSCRIBE with packet id 65535 for "news" at QoS 0
    Then client "sub" receives SUBACK with packet id 65535

  @MQTT-3.8.4-5 @MQTT-3.9.3-2
  Scenario: A subscription asked at QoS 0 is not granted a higher QoS
    When client "sub" subscribes in one SUBSCRIBE to:
      | filter | qos |
      | news   | 0   |
    Then client "sub" gets one SUBACK return code per filter [MQTT-3.8.4-5]
    And every SUBACK return code of client "sub" is 0x00, 0x01, 0x02 or 0x80 [MQTT-3.9.3-2]
    And no SUBACK return code of client "sub" grants more than the QoS its filter asked [MQTT-3.8.4-5]

  # Rising QoS: a broker that grants at most QoS 1 answers 0, 1, 1, which a reversed SUBACK (1, 1, 0)
  # cannot imitate; the order is judged against what each filter is granted on its own.
  @MQTT-3.8.4-5 @MQTT-3.9.3-1 @MQTT-3.9.3-2 @qos1
  Scenario: Three filters at different QoS get three return codes in the order of the filters
    When client "sub" subscribes in one SUBSCRIBE to:
      | filter  | qos |
      | first   | 0   |
      | second  | 1   |
      | third   | 2   |
    Then client "sub" gets one SUBACK return code per filter [MQTT-3.8.4-5]
    And every SUBACK return code of client "sub" is 0x00, 0x01, 0x02 or 0x80 [MQTT-3.9.3-2]
    And the SUBACK return codes of client "sub" follow the order of its filters [MQTT-3.9.3-1]
    And no SUBACK return code of client "sub" grants more than the QoS its filter asked [MQTT-3.8.4-5]

  @MQTT-3.8.4-4
  Scenario: Every filter of a SUBSCRIBE with several filters takes effect
    Given client "pub" is connected
    When client "sub" subscribes in one SUBSCRIBE to:
      | filter  | qos |
      | first   | 0   |
      | second  | 0   |
    And client "pub" publishes "one" to "first"
    And client "pub" publishes "two" to "second"
    Then client "sub" receives "one" on "first"
    And client "sub" receives "two" on "second"

  @MQTT-3.8.4-4 @MQTT-3.8.4-6 @qos1
  Scenario: Each filter of one SUBSCRIBE keeps the QoS it was granted
    Given client "pub" is connected
    When client "sub" subscribes in one SUBSCRIBE to:
      | filter  | qos |
      | low     | 0   |
      | high    | 1   |
    And client "pub" publishes "a" to "low" at QoS 1
    And client "pub" publishes "b" to "high" at QoS 1
    Then client "sub" receives "a" on "low" at QoS 0
    And client "sub" receives "b" on "high" at QoS 1

  @MQTT-3.8.3-2
  Scenario: A wildcard filter is either refused or delivers what it matches
    # A server may choose not to support wildcards, but then it must refuse such filters.
    Given client "pub" is connected
    When client "sub" subscribes to "sensors/+" at QoS 0
    And client "pub" publishes "21.5" to "sensors/kitchen"
    Then client "sub" receives "21.5" on "sensors/kitchen" unless its SUBACK refused the filter
