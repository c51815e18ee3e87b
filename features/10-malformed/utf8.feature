@v3.1.1
Feature: Strings must be well-formed UTF-8 without U+0000; U+FEFF is kept
  A string in a packet that is not well-formed UTF-8 (including encoded surrogates U+D800-U+DFFF)
  makes the receiver close the connection [MQTT-1.5.3-1]; so does an encoded U+0000
  [MQTT-1.5.3-2]. The sequence EF BB BF is the character U+FEFF wherever it appears and is neither
  skipped nor stripped [MQTT-1.5.3-3].

  Scenario Outline: A topic name containing <defect> closes the connection
    Given client "a" is connected
    When client "a" publishes to "t/" followed by the bytes "<bytes>"
    Then the broker closes the connection of client "a"

    @MQTT-1.5.3-1
    Examples: ill-formed UTF-8
      | defect                              | bytes    |
      | an encoded surrogate U+D800         | ED A0 80 |
      | an overlong encoding of "/"         | C0 AF    |
      | a lead byte without continuation    | C3 28    |
      | the byte FF                         | FF       |

    @MQTT-1.5.3-2
    Examples: U+0000
      | defect                              | bytes    |
      | U+0000                              | 00       |

  @MQTT-1.5.3-1
  Scenario: A topic filter containing an encoded surrogate closes the connection
    Given client "a" is connected
    When client "a" subscribes to "f/" followed by the bytes "ED B0 80"
    Then the broker closes the connection of client "a"

  @MQTT-1.5.3-2
  Scenario: A topic filter containing U+0000 closes the connection
    Given client "a" is connected
    When client "a" subscribes to "f/" followed by the bytes "00"
    Then the broker closes the connection of client "a"

  # The client id is checked too; the server may answer CONNACK 0x02 (identifier rejected,
  # [MQTT-3.1.3-9]) or close without CONNACK ([MQTT-3.1.4-1]): either refuses the connection.
  @MQTT-1.5.3-1
  Scenario: A client id containing an encoded surrogate is refused
    When client "a" sends a raw CONNECT with:
      | client id ending in hex | ED A0 80 |
    Then the broker refuses the connection of client "a"

  @MQTT-1.5.3-2
  Scenario: A client id containing U+0000 is refused
    When client "a" sends a raw CONNECT with:
      | client id ending in hex | 00 |
    Then the broker refuses the connection of client "a"

  @MQTT-1.5.3-3
  Scenario: A topic starting with U+FEFF is delivered with its byte order mark intact
    Given client "b" is connected
    And client "b" is subscribed to "t" preceded by a byte order mark
    When client "b" publishes "with bom" to "t" preceded by a byte order mark
    Then client "b" receives "with bom" on "t" preceded by a byte order mark

  @MQTT-1.5.3-3
  Scenario: U+FEFF is not stripped: a subscriber to the topic without it receives nothing
    Given client "b" is connected
    And client "b" is subscribed to "t" at QoS 1
    When client "b" publishes "with bom" to "t" preceded by a byte order mark
    Then client "b" receives no message on "t"
