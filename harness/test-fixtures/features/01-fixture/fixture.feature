@v3.1.1
Feature: Fixture suite for the runner's own tests
  Deterministic outcomes: pass, fail (with a trace), not applicable, optional failure.

  @MQTT-3.2.0-1
  Scenario: the target answers CONNECT with CONNACK
    Given a connection to the target
    Then the connection is accepted

  @MQTT-3.1.0-2 @MQTT-3.2.0-1
  Scenario: a deliberate failure
    Given a connection to the target
    Then the fixture fails with "expected a PUBACK, the broker sent nothing"

  @MQTT-3.1.2-24 @fixture-missing
  Scenario: needs a capability the profile lacks
    Given a connection to the target

  @MQTT-3.1.2-1 @optional
  Scenario: an optional behaviour the target lacks
    Then the fixture fails with "optional behaviour missing"

  @MQTT-3.8.4-1
  Scenario Outline: repeated name from an outline
    Then the fixture passes with <n>

    Examples:
      | n |
      | 1 |
      | 2 |
