@v3.1.1
Feature: The server answers CONNECT with CONNACK
  The first packet the server sends to a client must be CONNACK [MQTT-3.2.0-1], and a server that
  accepts a connection answers with return code 0.

  @MQTT-3.2.0-1
  Scenario: A well-formed CONNECT is accepted with return code 0
    When client "a" connects
    Then client "a" receives CONNACK with return code 0 and session present 0
