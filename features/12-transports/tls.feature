@v3.1.1 @tls
Feature: MQTT over TLS
  MQTT runs unchanged over a TLS connection (mqtts://): the same CONNECT is accepted with return
  code 0 [MQTT-3.1.4-4] and messages flow as on plain TCP.

  @MQTT-3.1.4-4
  Scenario: A client connecting over TLS is accepted with return code 0
    When client "a" connects over mqtts
    Then client "a" receives CONNACK with return code 0 and session present 0

  @MQTT-3.1.4-4 @qos1
  Scenario: A message published over TLS reaches a subscriber over TLS
    Given client "a" connects over mqtts
    And client "a" is subscribed to "t" at QoS 1
    When client "a" publishes "over tls" to "t" at QoS 1
    Then client "a" receives "over tls" on "t" at QoS 1
