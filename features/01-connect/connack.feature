@v3.1.1
Feature: The server answers CONNECT with CONNACK
  The first packet the server sends on a connection is CONNACK [MQTT-3.2.0-1]. A server that accepts
  the connection answers with return code 0 [MQTT-3.1.4-4]; when the client asked for a clean session
  the CONNACK says no session is present, even if the client id had a stored session [MQTT-3.2.2-1].

  @MQTT-3.2.0-1 @MQTT-3.1.4-4
  Scenario: A well-formed CONNECT is accepted with return code 0
    When client "a" connects
    Then the first packet client "a" receives is a CONNACK [MQTT-3.2.0-1]
    And client "a" receives CONNACK with return code 0 [MQTT-3.1.4-4]

  @MQTT-3.2.0-1
  Scenario: CONNACK is the first packet the server sends
    When client "a" connects
    Then the first packet client "a" receives is a CONNACK

  @MQTT-3.2.0-1
  Scenario: CONNACK comes first even when the client sends more packets right after CONNECT
    Given client "a" sends a raw CONNECT with:
      | keep alive | 60 |
    When client "a" sends a PINGREQ packet
    Then client "a" receives a PINGRESP packet
    And the first packet client "a" receives is a CONNACK

  @MQTT-3.2.2-1
  Scenario: A clean-session connection reports no session present although one was stored
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "t" at QoS 1
    And client "a" disconnects
    When client "a" connects with a clean session
    And client "a" receives CONNACK with return code 0
    Then that CONNACK has session present 0
