@v3.1.1
Feature: Packet ids decide what is a duplicate and what is a new message
  Until the broker has received the PUBREL of a QoS 2 message, a PUBLISH re-sent with the same
  packet id is acknowledged with PUBREC again but never delivered a second time [MQTT-4.3.3-2];
  whether the broker delivers on the PUBLISH or on the PUBREL is its choice. Once it has sent the
  PUBACK (QoS 1) or PUBCOMP (QoS 2), a PUBLISH with the same packet id is a new message, whatever
  its DUP flag [MQTT-4.3.2-2, MQTT-4.3.3-2].

  Background:
    Given client "sub" is connected
    And client "pub" is connected

  @MQTT-4.3.3-2 @qos2
  Scenario: A QoS 2 PUBLISH re-sent before PUBREL is delivered once
    Given client "sub" is subscribed to "t" at QoS 2
    When client "pub" sends PUBLISH "once" to "t" at QoS 2 with packet id 31
    And client "pub" receives PUBREC with packet id 31
    And client "pub" sends PUBLISH "once" to "t" at QoS 2 with packet id 31 and the DUP flag set
    Then client "pub" receives PUBREC with packet id 31
    When client "pub" sends PUBREL with packet id 31
    Then client "pub" receives PUBCOMP with packet id 31
    And client "sub" receives "once" on "t" exactly once

  @MQTT-4.3.2-2 @qos1
  Scenario: After its PUBACK, a QoS 1 packet id is reused for a new message
    Given client "sub" is subscribed to "t" at QoS 1
    When client "pub" sends PUBLISH "first" to "t" at QoS 1 with packet id 41
    And client "pub" receives PUBACK with packet id 41
    And client "pub" sends PUBLISH "second" to "t" at QoS 1 with packet id 41 and the DUP flag set
    Then client "pub" receives PUBACK with packet id 41
    And client "sub" receives "first" on "t"
    And client "sub" receives "second" on "t"

  @MQTT-4.3.3-2 @qos2
  Scenario: After its PUBCOMP, a QoS 2 packet id is reused for a new message
    Given client "sub" is subscribed to "t" at QoS 2
    When client "pub" sends PUBLISH "first" to "t" at QoS 2 with packet id 51
    And client "pub" receives PUBREC with packet id 51
    And client "pub" sends PUBREL with packet id 51
    And client "pub" receives PUBCOMP with packet id 51
    And client "pub" sends PUBLISH "second" to "t" at QoS 2 with packet id 51
    Then client "pub" receives PUBREC with packet id 51
    When client "pub" sends PUBREL with packet id 51
    Then client "pub" receives PUBCOMP with packet id 51
    And client "sub" receives "first" on "t"
    And client "sub" receives "second" on "t"
