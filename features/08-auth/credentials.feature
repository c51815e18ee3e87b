@v3.1.1 @auth
Feature: The server checks user name and password
  A server that authenticates clients accepts the credentials it knows with return code 0
  [MQTT-3.1.4-4] and refuses others with a non-zero return code (0x04 bad user name or password, or
  0x05 not authorized), session present 0 [MQTT-3.2.2-4], and then closes the connection
  [MQTT-3.2.2-5]. A server configured to refuse anonymous clients answers 0x05.
  Whether the broker knows the profile's credentials is the profile's claim, not a rule of the spec: a
  broker that refuses them, or accepts wrong ones, is reported as a profile mismatch, and the statements
  below are judged only on a refusal.

  @MQTT-3.1.4-4
  Scenario: Valid credentials are accepted with return code 0
    When client "a" sends CONNECT with:
      | username | <valid> |
      | password | <valid> |
    Then client "a" is accepted with the profile's credentials

  @MQTT-3.2.2-4
  Scenario: A wrong password is refused with return code 4 or 5
    When client "a" sends CONNECT with:
      | username | <valid> |
      | password | <wrong> |
    And client "a" is refused for its wrong credentials
    Then that CONNACK has session present 0

  @MQTT-3.2.2-5
  Scenario: After refusing a wrong password the server closes the connection
    When client "a" sends CONNECT with:
      | username | <valid> |
      | password | <wrong> |
    And client "a" is refused for its wrong credentials
    Then the broker closes the connection of client "a"

  @MQTT-3.2.2-4
  Scenario: An unknown user name is refused with return code 4 or 5
    When client "a" sends CONNECT with:
      | username | mqttc-no-such-user |
      | password | whatever           |
    And client "a" is refused for its wrong credentials
    Then that CONNACK has session present 0

  @MQTT-3.2.2-4
  Scenario: Refusing a wrong password says no session is present although the client id has one
    Given client "a" sends CONNECT with:
      | username      | <valid> |
      | password      | <valid> |
      | clean session | 0       |
    And client "a" is accepted with the profile's credentials
    And client "a" is subscribed to "t" at QoS 1
    And client "a" disconnects
    When client "a" sends CONNECT with:
      | username      | <valid> |
      | password      | <wrong> |
      | clean session | 0       |
    And client "a" is refused for its wrong credentials
    Then that CONNACK has session present 0

  @MQTT-3.2.2-5 @anonymous-refused
  Scenario: A client without credentials is refused with return code 5 where anonymous access is off
    When client "a" sends CONNECT with:
      | anonymous | true |
    And client "a" is refused with return code 5 as an anonymous client
    Then the broker closes the connection of client "a"
