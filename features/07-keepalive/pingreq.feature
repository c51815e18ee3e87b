@v3.1.1
Feature: The server answers every PINGREQ with a PINGRESP
  A PINGREQ is always answered by a PINGRESP [MQTT-3.12.4-1], one for each.

  @MQTT-3.12.4-1
  Scenario: A PINGREQ is answered with a PINGRESP
    Given client "a" is connected
    When client "a" sends a PINGREQ packet
    Then client "a" receives a PINGRESP packet

  @MQTT-3.12.4-1
  Scenario: Three PINGREQs are answered by exactly three PINGRESPs
    Given client "a" is connected
    When client "a" sends 3 PINGREQ packets
    Then client "a" receives 3 PINGRESP packets

  @MQTT-3.12.4-1 @keepalive
  Scenario: PINGREQ is answered on a connection with a keep alive
    Given client "a" is connected with keep alive 2 seconds
    When client "a" sends a PINGREQ packet
    Then client "a" receives a PINGRESP packet
