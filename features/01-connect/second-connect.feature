@v3.1.1
Feature: A second CONNECT on a connection is a protocol violation
  A client sends CONNECT once per network connection. The server treats a second CONNECT as a
  protocol violation and disconnects the client; it does not accept it [MQTT-3.1.0-2].

  @MQTT-3.1.0-2
  Scenario: The server closes a connection that sends CONNECT twice
    Given client "a" is connected
    When client "a" sends a second CONNECT on the same connection
    Then the broker refuses the connection of client "a"

  @MQTT-3.1.0-2
  Scenario: A second CONNECT is not answered with an accepting CONNACK
    Given client "a" is connected
    When client "a" sends a second CONNECT on the same connection
    Then client "a" receives no CONNACK
