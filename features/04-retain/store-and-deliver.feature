@v3.1.1 @retain
Feature: A retained message is stored and sent to every later subscriber
  A PUBLISH with RETAIN=1 is kept by the server together with its QoS [MQTT-3.3.1-5]. Whoever subscribes
  later with a matching filter is sent the last retained message of each matching topic [MQTT-3.3.1-6],
  and that copy carries RETAIN=1 because it results from the new subscription [MQTT-3.3.1-8]. It goes
  out at the lower of the stored QoS and the QoS the subscription was granted [MQTT-3.8.4-6].
  Retained messages are not session state: they stay when the publisher's session ends [MQTT-3.1.2-7]
  (listed in the spec tables as MQTT-3.1.2.7). The positive cases retain at QoS 1 or 2, where storing is
  a MUST (QoS 0 storage is only a SHOULD).

  @MQTT-3.3.1-5 @MQTT-3.3.1-6 @qos1
  Scenario: A later subscriber is sent the retained message
    Given client "pub" is connected
    And client "pub" publishes a retained message "21.5" to "sensor/temp" at QoS 1
    And client "sub" is connected
    When client "sub" subscribes to "sensor/temp" at QoS 1
    Then client "sub" receives "21.5" on "sensor/temp" at QoS 1

  @MQTT-3.3.1-8 @qos1
  Scenario: The retained copy sent on subscribe has RETAIN=1
    Given client "pub" is connected
    And client "pub" publishes a retained message "on" to "lamp/state" at QoS 1
    And client "sub" is connected
    When client "sub" subscribes to "lamp/state" at QoS 1
    Then client "sub" receives "on" on "lamp/state"
    And that message has the retain flag set

  @MQTT-3.3.1-5 @MQTT-3.3.1-8 @qos2
  Scenario: The retained message keeps the QoS it was published with
    Given client "pub" is connected
    And client "pub" publishes a retained message "armed" to "alarm/state" at QoS 2
    And client "sub" is connected
    When client "sub" subscribes to "alarm/state" at QoS 2
    Then client "sub" receives "armed" on "alarm/state" at QoS 2 [MQTT-3.3.1-5]
    And that message has the retain flag set [MQTT-3.3.1-8]

  @MQTT-3.8.4-6 @MQTT-3.3.1-6 @qos2
  Scenario: A retained QoS 2 message goes to a QoS 1 subscriber at QoS 1
    Given client "pub" is connected
    And client "pub" publishes a retained message "armed" to "alarm/state" at QoS 2
    And client "sub" is connected
    When client "sub" subscribes to "alarm/state" at QoS 1
    Then client "sub" receives "armed" on "alarm/state" [MQTT-3.3.1-6]
    And that message has QoS 1 [MQTT-3.8.4-6]

  @MQTT-3.8.4-6 @MQTT-3.3.1-6 @MQTT-3.3.1-8 @qos1
  Scenario: A retained QoS 1 message goes to a QoS 0 subscriber at QoS 0
    Given client "pub" is connected
    And client "pub" publishes a retained message "open" to "door/state" at QoS 1
    And client "sub" is connected
    When client "sub" subscribes to "door/state" at QoS 0
    Then client "sub" receives "open" on "door/state" [MQTT-3.3.1-6]
    And that message has QoS 0 [MQTT-3.8.4-6]
    And that message has the retain flag set [MQTT-3.3.1-8]

  @MQTT-3.3.1-6 @qos1
  Scenario: A subscriber to a topic with no retained message is sent nothing
    Given client "pub" is connected
    And client "pub" publishes a retained message "x" to "room/a" at QoS 1
    And client "sub" is connected
    When client "sub" subscribes to "room/b" at QoS 1
    Then client "sub" receives no message

  @MQTT-3.1.2.7 @MQTT-3.3.1-5 @MQTT-3.3.1-8 @qos1
  Scenario: A retained message outlives the publisher's session
    Given client "pub" is connected
    And client "pub" publishes a retained message "v1.2" to "fw/version" at QoS 1
    And client "pub" disconnects
    And client "sub" is connected
    When client "sub" subscribes to "fw/version" at QoS 1
    Then client "sub" receives "v1.2" on "fw/version" at QoS 1 [MQTT-3.1.2.7, MQTT-3.3.1-5]
    And that message has the retain flag set [MQTT-3.3.1-8]

  @MQTT-3.1.2.7 @qos1
  Scenario: A retained message stays when the publisher's persistent session is discarded
    Given client "pub" is connected with a persistent session
    And client "pub" publishes a retained message "v2.0" to "fw/version" at QoS 1
    And client "pub" disconnects
    And client "pub" connects with a clean session
    And client "pub" disconnects
    And client "sub" is connected
    When client "sub" subscribes to "fw/version" at QoS 1
    Then client "sub" receives "v2.0" on "fw/version" at QoS 1

  @MQTT-3.3.1-7 @optional
  Scenario: A retained QoS 0 message is kept for later subscribers (recommended, not required)
    Given client "pub" is connected
    And client "pub" publishes a retained message "idle" to "pump/state" at QoS 0
    And client "sub" is connected
    When client "sub" subscribes to "pump/state" at QoS 0
    Then client "sub" receives "idle" on "pump/state" at QoS 0
    And that message has the retain flag set
