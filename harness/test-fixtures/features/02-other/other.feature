@v3.1.1
Feature: A second area

  @MQTT-3.12.4-1 @quick
  Scenario: quick pass in another area
    Then the fixture passes with 3
