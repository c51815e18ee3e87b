@v3.1.1
Feature: Protocol name and protocol level
  A CONNECT whose protocol name is not "MQTT" is not processed as MQTT 3.1.1: the server may
  disconnect, or handle it under another specification, but must not accept it as 3.1.1
  [MQTT-3.1.2-1]. A protocol level the server does not support gets CONNACK 0x01 (unacceptable
  protocol level) and then the connection is closed [MQTT-3.1.2-2]; a CONNACK with a non-zero code
  says no session is present [MQTT-3.2.2-4] and is followed by closing the connection [MQTT-3.2.2-5].

  @MQTT-3.1.2-1
  Scenario: A CONNECT with a wrong protocol name is not accepted as MQTT 3.1.1
    When client "a" sends a raw CONNECT with:
      | protocol name | MQTX |
    Then the broker does not accept client "a" as an MQTT 3.1.1 client

  @MQTT-3.1.2-2 @MQTT-3.2.2-5
  Scenario: An unsupported protocol level is refused with return code 1 and the connection closed
    When client "a" sends a raw CONNECT with:
      | protocol level | 99 |
    Then client "a" receives a CONNACK refusing the connection [MQTT-3.1.2-2]
    And the broker closes the connection of client "a" [MQTT-3.1.2-2, MQTT-3.2.2-5]
    And that CONNACK has return code 1 [MQTT-3.1.2-2]

  @MQTT-3.2.2-4 @MQTT-3.1.2-2
  Scenario: The refusal of an unsupported protocol level says no session is present, though one is stored
    Given client "a" is connected with a persistent session
    And client "a" is subscribed to "t" at QoS 1
    And client "a" disconnects
    When client "a" sends a raw CONNECT with:
      | protocol level | 99   |
      | connect flags  | 0x00 |
    Then client "a" receives a CONNACK refusing the connection [MQTT-3.1.2-2]
    And that CONNACK has session present 0 [MQTT-3.2.2-4]
    And that CONNACK has return code 1 [MQTT-3.1.2-2]
