@v3.1.1
Feature: Client identifier rules
  Every server accepts client ids of 1 to 23 bytes made of digits and ASCII letters [MQTT-3.1.3-5].
  A server may accept a zero-length client id; if it does, it gives that client a unique id of its
  own and goes on as if the client had sent it [MQTT-3.1.3-6]. A zero-length client id with clean
  session 0 is refused with CONNACK 0x02 (identifier rejected) and the connection closed
  [MQTT-3.1.3-8, MQTT-3.1.3-9], with session present 0 [MQTT-3.2.2-4].

  @MQTT-3.1.3-5
  Scenario: A 23-character client id of letters and digits is accepted
    When client "a" connects with a client id of 23 letters and digits
    Then client "a" receives CONNACK with return code 0

  @MQTT-3.1.3-8 @MQTT-3.1.3-9 @MQTT-3.2.2-4
  Scenario: A zero-length client id with clean session 0 is refused with return code 2
    When client "a" sends a raw CONNECT with:
      | client id     | <empty> |
      | connect flags | 0x00    |
    Then client "a" receives a CONNACK refusing the connection [MQTT-3.1.3-8, MQTT-3.1.3-9]
    And that CONNACK has session present 0 [MQTT-3.2.2-4]
    And that CONNACK has return code 2 [MQTT-3.1.3-8, MQTT-3.1.3-9]

  @MQTT-3.1.3-8 @MQTT-3.1.3-9 @MQTT-3.2.2-5
  Scenario: After refusing a zero-length client id with clean session 0 the server closes the connection
    When client "a" sends a raw CONNECT with:
      | client id     | <empty> |
      | connect flags | 0x00    |
    Then client "a" receives a CONNACK refusing the connection [MQTT-3.1.3-8, MQTT-3.1.3-9]
    And the broker closes the connection of client "a" [MQTT-3.1.3-8, MQTT-3.1.3-9, MQTT-3.2.2-5]
    And that CONNACK has return code 2 [MQTT-3.1.3-8, MQTT-3.1.3-9]

  # Whether to accept a zero-length client id is the server's choice; refusing it must still follow
  # the rule for a rejected client id: return code 2, then close [MQTT-3.1.3-9].
  @MQTT-3.1.3-9
  Scenario: A zero-length client id with clean session 1 is accepted, or refused with return code 2 and closed
    When client "a" sends CONNECT with:
      | client id     | <empty> |
      | clean session | 1       |
    Then the broker accepts client "a" or refuses it with return code 2 and closes the connection

  # Accepting is a MAY [MQTT-3.1.3-6], so this scenario cites no statement: it only records the choice.
  @optional
  Scenario: A zero-length client id with clean session 1 is accepted (the server's choice)
    When client "a" sends CONNECT with:
      | client id     | <empty> |
      | clean session | 1       |
    Then client "a" receives CONNACK with return code 0

  # Required where it applies: a server that refuses zero-length ids (return code 2) made the other
  # legal choice, and the scenario is then not applicable.
  @MQTT-3.1.3-6
  Scenario: Two clients with zero-length client ids get distinct sessions (when the server accepts them)
    Given client "a" sends CONNECT with:
      | client id     | <empty> |
      | clean session | 1       |
    And the broker accepted the zero-length client id of client "a"
    And client "a" is subscribed to "t" at QoS 0
    When client "b" sends CONNECT with:
      | client id     | <empty> |
      | clean session | 1       |
    And the broker accepted the zero-length client id of client "b"
    And client "b" publishes "from b" to "t"
    Then client "a" receives "from b" on "t"
    And the connection of client "a" stays open
