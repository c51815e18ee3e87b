@v3.1.1
Feature: Nothing a client sends after a refused CONNECT is processed
  A client may send packets right after CONNECT without waiting for CONNACK. If the server refuses
  the CONNECT, it must not act on anything that followed it [MQTT-3.1.4-5].

  @MQTT-3.1.4-5
  Scenario: A PUBLISH sent right after a refused CONNECT is not delivered
    Given client "b" is connected
    And client "b" is subscribed to "t" at QoS 0
    When client "a" sends a CONNECT with a zero-length client id and clean session 0, followed at once by a PUBLISH of "not processed" to "t"
    And client "a" receives CONNACK with return code 2
    Then client "b" receives no message on "t"
