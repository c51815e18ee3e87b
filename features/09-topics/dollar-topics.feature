@v3.1.1
Feature: Filters starting with a wildcard never match topic names starting with $
  A topic name that starts with `$` (such as the broker's own `$SYS/...` topics) is not matched by a
  filter whose first character is `#` or `+` [MQTT-4.7.2-1]; a filter that itself starts with the
  same `$` level does match it. Checking `#` needs a subscription at the root of the topic tree: the
  scenarios that make one assert only about topics starting with `$`, never about others' traffic.

  @MQTT-4.7.2-1 @wildcards
  Scenario: A filter starting with + does not receive a message published to a $ topic
    Given client "wild" is connected
    And client "dollar" is connected
    And client "pub" is connected
    And client "wild" is subscribed to the filter "+/{prefix}/t"
    And client "dollar" is subscribed to the filter "$mqttc/{prefix}/t"
    When client "pub" publishes "priv" on the topic name "$mqttc/{prefix}/t"
    And client "dollar" receives "priv" on the topic name "$mqttc/{prefix}/t"
    Then client "wild" receives no message on a topic starting with "$"

  @MQTT-4.7.2-1 @wildcards
  Scenario: A filter starting with + still receives the same levels under a name without $
    Given client "wild" is connected
    And client "pub" is connected
    And client "wild" is subscribed to the filter "+/{prefix}/t"
    When client "pub" publishes "open" on the topic name "mqttc-open/{prefix}/t"
    Then client "wild" receives "open" on the topic name "mqttc-open/{prefix}/t"

  @MQTT-4.7.2-1 @wildcards @sys
  Scenario: A subscription to # at the root receives no $SYS topic while $SYS/# does
    Given client "all" is connected
    And client "sys" is connected
    And client "all" is subscribed to "#" at the root of the topic tree
    And client "sys" is subscribed to "$SYS/#" at the root of the topic tree
    When client "sys" receives a message on a topic starting with "$SYS/"
    Then client "all" receives no message on a topic starting with "$"

  @MQTT-4.7.2-1 @wildcards @sys
  Scenario: A subscription to +/# at the root receives no $SYS topic
    Given client "all" is connected
    And client "sys" is connected
    And client "all" is subscribed to "+/#" at the root of the topic tree
    And client "sys" is subscribed to "$SYS/#" at the root of the topic tree
    When client "sys" receives a message on a topic starting with "$SYS/"
    Then client "all" receives no message on a topic starting with "$"
