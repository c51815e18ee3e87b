@v3.1.1
Feature: Messages keep the order in which a client published them
  Every topic is an ordered topic by default [MQTT-4.6.0-5]: the broker sends a subscriber the
  messages of one publisher, on one topic at one QoS, in the order it received them
  [MQTT-4.6.0-6]. That acknowledgements (PUBACK, PUBREC) follow the order of the PUBLISHes is a rule
  the spec states for clients only [MQTT-4.6.0-2, MQTT-4.6.0-3]; the last two scenarios check it of the
  broker as a recommendation, citing no statement.

  Background:
    Given client "sub" is connected
    And client "pub" is connected

  @MQTT-4.6.0-5 @MQTT-4.6.0-6
  Scenario Outline: Five messages published at QoS <qos> arrive in the order they were published
    Given client "sub" is granted QoS <qos> on "seq"
    When client "pub" publishes messages 1 to 5 to "seq" at QoS <qos>
    Then client "sub" receives messages 1 to 5 on "seq" in order

    Examples:
      | qos |
      | 0   |

    @qos1
    Examples:
      | qos |
      | 1   |

    @qos2
    Examples:
      | qos |
      | 2   |

  @MQTT-4.6.0-5 @MQTT-4.6.0-6 @qos1
  Scenario: A burst of QoS 1 messages sent without waiting arrives in order
    Given client "sub" is granted QoS 1 on "seq"
    When client "pub" sends messages 1 to 6 to "seq" at QoS 1 without waiting for acknowledgements
    Then client "sub" receives messages 1 to 6 on "seq" in order

  @optional @qos1
  Scenario: PUBACKs come back in the order of the QoS 1 PUBLISHes (recommended: the rule binds clients)
    When client "pub" sends messages 1 to 4 to "acks" at QoS 1 without waiting for acknowledgements
    Then client "pub" receives a PUBACK for each of them, in the order they were sent

  @optional @qos2
  Scenario: PUBRECs come back in the order of the QoS 2 PUBLISHes (recommended: the rule binds clients)
    When client "pub" sends messages 1 to 4 to "acks" at QoS 2 without waiting for acknowledgements
    Then client "pub" receives a PUBREC for each of them, in the order they were sent
