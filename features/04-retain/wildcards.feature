@v3.1.1 @retain @wildcards
Feature: A wildcard subscription is sent every matching retained message
  When a new subscription is made, the last retained message of EACH topic its filter matches is sent
  [MQTT-3.3.1-6], every one of them with RETAIN=1 [MQTT-3.3.1-8]; topics the filter does not match are not sent.

  @MQTT-3.3.1-6 @MQTT-3.3.1-8 @qos1
  Scenario: A multi-level wildcard subscriber is sent the retained message of every topic below it
    Given client "pub" is connected
    And client "pub" publishes a retained message "20" to "house/kitchen/temp" at QoS 1
    And client "pub" publishes a retained message "18" to "house/hall/temp" at QoS 1
    And client "pub" publishes a retained message "on" to "house/hall/light" at QoS 1
    And client "sub" is connected
    When client "sub" subscribes to "house/#" at QoS 1
    Then client "sub" receives these retained messages:
      | topic              | payload |
      | house/kitchen/temp | 20      |
      | house/hall/temp    | 18      |
      | house/hall/light   | on      |

  @MQTT-3.3.1-6 @qos1
  Scenario: A single-level wildcard subscriber is sent only the retained messages its filter matches
    Given client "pub" is connected
    And client "pub" publishes a retained message "20" to "house/kitchen/temp" at QoS 1
    And client "pub" publishes a retained message "on" to "house/hall/light" at QoS 1
    And client "sub" is connected
    When client "sub" subscribes to "house/+/temp" at QoS 1
    Then client "sub" receives these retained messages:
      | topic              | payload |
      | house/kitchen/temp | 20      |
    And client "sub" receives no message on "house/hall/light"
