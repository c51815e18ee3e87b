@v3.1.1
Feature: The QoS 0, 1 and 2 flows between the broker and each client
  The receiver of a PUBLISH answers as its QoS requires [MQTT-3.3.4-1]: nothing for QoS 0, PUBACK
  for QoS 1 [MQTT-4.3.2-2], PUBREC then PUBCOMP after the sender's PUBREL for QoS 2 [MQTT-4.3.3-2],
  each carrying the packet id of the PUBLISH [MQTT-2.3.1-6] — also when nobody subscribes. When
  the broker sends, it uses its own non-zero packet ids [MQTT-2.3.1-1], sends QoS 0 with DUP=0 and
  no packet id [MQTT-4.3.1-1, MQTT-2.3.1-5], QoS 1 and 2 with DUP=0 on the first attempt
  [MQTT-4.3.2-1, MQTT-4.3.3-1], and answers the subscriber's PUBREC with a PUBREL of the same id
  [MQTT-4.3.3-1, MQTT-2.3.1-6].

  Background:
    Given client "pub" is connected

  @MQTT-3.3.4-1 @MQTT-4.3.2-2 @MQTT-2.3.1-6 @qos1
  Scenario: A QoS 1 PUBLISH is answered with a PUBACK of the same packet id
    When client "pub" sends PUBLISH "m" to "t" at QoS 1 with packet id 7
    Then client "pub" receives PUBACK with packet id 7

  @MQTT-3.3.4-1 @MQTT-4.3.3-2 @MQTT-2.3.1-6 @qos2
  Scenario: A QoS 2 PUBLISH is answered with PUBREC, and the PUBREL with PUBCOMP, all with its packet id
    When client "pub" sends PUBLISH "m" to "t" at QoS 2 with packet id 9
    Then client "pub" receives PUBREC with packet id 9
    When client "pub" sends PUBREL with packet id 9
    Then client "pub" receives PUBCOMP with packet id 9

  @MQTT-3.3.4-1
  Scenario: A QoS 0 PUBLISH is not acknowledged
    When client "pub" publishes "m" to "t"
    Then client "pub" receives no PUBACK packet
    And client "pub" receives no PUBREC packet

  @MQTT-3.3.4-1 @qos1
  Scenario: A QoS 1 PUBLISH to a topic nobody subscribes to is still acknowledged
    When client "pub" sends PUBLISH "m" to "nobody/listens" at QoS 1 with packet id 3
    Then client "pub" receives PUBACK with packet id 3

  @MQTT-3.3.4-1 @qos2
  Scenario: A QoS 2 PUBLISH to a topic nobody subscribes to is still acknowledged
    When client "pub" sends PUBLISH "m" to "nobody/listens" at QoS 2 with packet id 4
    Then client "pub" receives PUBREC with packet id 4
    When client "pub" sends PUBREL with packet id 4
    Then client "pub" receives PUBCOMP with packet id 4

  @MQTT-4.3.1-1 @MQTT-3.3.1-2 @MQTT-2.3.1-5
  Scenario: A QoS 0 message reaches the subscriber at QoS 0 with DUP=0 and its payload intact
    # A packet id in a QoS 0 PUBLISH would be read as the first two payload bytes: the payload check catches it.
    Given client "sub" is connected
    And client "sub" is subscribed to "t" at QoS 0
    When client "pub" publishes "zero" to "t"
    Then client "sub" receives "zero" on "t" at QoS 0 [MQTT-4.3.1-1, MQTT-2.3.1-5]
    And that message has the DUP flag not set [MQTT-3.3.1-2, MQTT-4.3.1-1]

  @MQTT-4.3.2-1 @MQTT-2.3.1-1 @MQTT-3.3.1-3 @qos1
  Scenario: A QoS 1 message reaches the subscriber with a packet id and DUP=0
    Given client "sub" is connected
    And client "sub" is subscribed to "t" at QoS 1
    When client "pub" publishes "one" to "t" at QoS 1
    Then client "sub" receives "one" on "t" at QoS 1 [MQTT-4.3.2-1]
    And that message carries a packet id other than 0 [MQTT-2.3.1-1, MQTT-4.3.2-1]
    And that message has the DUP flag not set [MQTT-3.3.1-3, MQTT-4.3.2-1]

  @MQTT-4.3.3-1 @MQTT-2.3.1-1 @MQTT-2.3.1-6 @qos2
  Scenario: The broker answers the subscriber's PUBREC with a PUBREL of the same packet id
    Given client "sub" is connected
    And client "sub" leaves its deliveries unacknowledged
    And client "sub" is subscribed to "t" at QoS 2
    When client "pub" publishes "two" to "t" at QoS 2
    And client "sub" receives "two" on "t" at QoS 2
    And that message carries a packet id other than 0 [MQTT-2.3.1-1]
    And that message has the DUP flag not set [MQTT-4.3.3-1]
    And client "sub" sends PUBREC for that message
    Then client "sub" receives PUBREL for that message [MQTT-4.3.3-1, MQTT-2.3.1-6]

  # The spec lets a broker keep a single message in flight; most keep several, and then each
  # unacknowledged message must hold its own packet id. A broker that sends the next message only after
  # the PUBACK made the other legal choice: the scenario is then not applicable.
  @MQTT-2.3.1-4 @qos1
  Scenario: Messages awaiting PUBACK carry distinct packet ids (when the broker keeps more than one in flight)
    Given client "sub" is connected
    And client "sub" leaves its deliveries unacknowledged
    And client "sub" is subscribed to "t" at QoS 1
    When client "pub" publishes messages 1 to 3 to "t" at QoS 1
    Then client "sub" receives messages 1 to 3 on "t", unacknowledged, with distinct packet ids

  @MQTT-2.3.1-4 @qos1
  Scenario: Two publishers' messages with the same packet id reach the subscriber under distinct packet ids (when more than one is in flight)
    # The broker numbers its own deliveries: the publishers' packet ids are theirs, not the subscriber's.
    Given client "pub2" is connected
    And client "sub" is connected
    And client "sub" leaves its deliveries unacknowledged
    And client "sub" is subscribed to "t" at QoS 1
    When client "pub" sends PUBLISH "1" to "t" at QoS 1 with packet id 1
    And client "pub2" sends PUBLISH "2" to "t" at QoS 1 with packet id 1
    And client "pub" receives PUBACK with packet id 1
    And client "pub2" receives PUBACK with packet id 1
    Then client "sub" receives messages 1 to 2 on "t", unacknowledged, with distinct packet ids
