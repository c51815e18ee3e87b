@v3.1.1
Feature: Subscribing again to the same filter replaces the subscription
  A SUBSCRIBE whose filter is identical to one the client already holds replaces that
  subscription: the new maximum QoS applies to what is published afterwards, and the client does
  not end up with two subscriptions delivering two copies [MQTT-3.8.4-3].

  Background:
    Given client "sub" is connected
    And client "pub" is connected

  @MQTT-3.8.4-3 @qos1
  Scenario: Raising the QoS of a subscription applies to later messages
    Given client "sub" is granted QoS 0 on "feed"
    And client "sub" is granted QoS 1 on "feed"
    When client "pub" publishes "after" to "feed" at QoS 1
    Then client "sub" receives "after" on "feed" at QoS 1

  @MQTT-3.8.4-3 @qos2
  Scenario: Lowering the QoS of a subscription applies to later messages
    Given client "sub" is granted QoS 2 on "feed"
    And client "sub" is granted QoS 0 on "feed"
    When client "pub" publishes "after" to "feed" at QoS 2
    Then client "sub" receives "after" on "feed" at QoS 0

  @MQTT-3.8.4-3 @qos1
  Scenario: Subscribing twice to the same filter delivers each message once
    Given client "sub" is granted QoS 1 on "feed"
    And client "sub" is granted QoS 1 on "feed"
    When client "pub" publishes "only" to "feed" at QoS 1
    Then client "sub" receives "only" on "feed" exactly once

  @MQTT-3.8.4-3
  Scenario: Subscribing again does not interrupt the flow of messages
    Given client "sub" is subscribed to "feed" at QoS 0
    When client "pub" publishes "before" to "feed"
    And client "sub" subscribes to "feed" at QoS 0
    And client "pub" publishes "after" to "feed"
    Then client "sub" receives "before" on "feed"
    And client "sub" receives "after" on "feed"
