@v3.1.1
Feature: UNSUBSCRIBE removes exactly the named subscription and is always acknowledged
  The server compares each filter of an UNSUBSCRIBE character by character with the client's
  filters and deletes only an exact match [MQTT-3.10.4-1]; after that it adds no new messages for
  that subscription [MQTT-3.10.4-2] but completes QoS 1 and 2 deliveries already started
  [MQTT-3.10.4-3]. It always answers with an UNSUBACK carrying the same packet id
  [MQTT-3.10.4-4, MQTT-2.3.1-7], even when nothing was deleted [MQTT-3.10.4-5]. Several filters in
  one UNSUBSCRIBE act as several UNSUBSCRIBEs answered by one UNSUBACK [MQTT-3.10.4-6].

  Background:
    Given client "sub" is connected
    And client "pub" is connected

  @MQTT-3.10.4-4 @MQTT-2.3.1-7
  Scenario: The UNSUBACK carries the packet id of the UNSUBSCRIBE it answers
    Given client "sub" is subscribed to "news" at QoS 0
    When client "sub" sends UNSUBSCRIBE with packet id 4242 for "news"
    Then client "sub" receives UNSUBACK with packet id 4242

  @MQTT-3.10.4-5 @MQTT-3.10.4-4
  Scenario: Unsubscribing from a filter never subscribed is still acknowledged
    When client "sub" sends UNSUBSCRIBE with packet id 777 for "never-subscribed"
    Then client "sub" receives UNSUBACK with packet id 777

  @MQTT-3.10.4-1 @MQTT-3.10.4-2
  Scenario: After the UNSUBACK no new messages arrive for the removed subscription
    Given client "sub" is subscribed to "gone" at QoS 0
    And client "sub" is subscribed to "kept" at QoS 0
    When client "sub" unsubscribes from "gone"
    And client "pub" publishes "dropped" to "gone"
    And client "pub" publishes "delivered" to "kept"
    And client "sub" receives "delivered" on "kept"
    Then client "sub" receives no message on "gone"

  @MQTT-3.10.4-1 @wildcards
  Scenario: Unsubscribing from a wildcard filter leaves an exact filter it covers in place
    Given client "sub" is subscribed to "room/+" at QoS 0
    And client "sub" is subscribed to "room/a" at QoS 0
    When client "sub" unsubscribes from "room/+"
    And client "pub" publishes "on-a" to "room/a"
    And client "pub" publishes "on-b" to "room/b"
    Then client "sub" receives "on-a" on "room/a"
    And client "sub" receives no message on "room/b"

  @MQTT-3.10.4-1 @wildcards
  Scenario: Unsubscribing from a topic the wildcard covers does not remove the wildcard subscription
    Given client "sub" is subscribed to "room/+" at QoS 0
    When client "sub" unsubscribes from "room/a"
    And client "pub" publishes "still" to "room/a"
    Then client "sub" receives "still" on "room/a"

  @MQTT-3.10.4-6
  Scenario: One UNSUBSCRIBE with two filters removes both and is answered once
    Given client "sub" is subscribed to "one" at QoS 0
    And client "sub" is subscribed to "two" at QoS 0
    And client "sub" is subscribed to "three" at QoS 0
    When client "sub" unsubscribes from "one" and "two" in one UNSUBSCRIBE
    And client "pub" publishes "x1" to "one"
    And client "pub" publishes "x2" to "two"
    And client "pub" publishes "x3" to "three"
    Then client "sub" receives "x3" on "three"
    And client "sub" receives no message on "one"
    And client "sub" receives no message on "two"
    And client "sub" receives no UNSUBACK packet

  @MQTT-3.10.4-3 @qos2
  Scenario: A QoS 2 delivery started before the UNSUBSCRIBE is completed after it
    Given client "sub" leaves its deliveries unacknowledged
    And client "sub" is subscribed to "orders" at QoS 2
    When client "pub" publishes "o-1" to "orders" at QoS 2
    And client "sub" receives "o-1" on "orders" at QoS 2
    And client "sub" unsubscribes from "orders"
    And client "sub" sends PUBREC for that message
    Then client "sub" receives PUBREL for that message
