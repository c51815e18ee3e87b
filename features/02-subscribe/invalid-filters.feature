@v3.1.1
Feature: Topic filters that break the wildcard rules are refused
  `#` must be the last character of a filter and stand alone in its level [MQTT-4.7.1-2]; `+` must
  fill a whole level [MQTT-4.7.1-3]; a filter is at least one character long [MQTT-4.7.3-1]. A
  server given such a filter must not grant it: MQTT 3.1.1 treats it as a protocol violation and
  closes the connection [MQTT-4.8.0-1], and a SUBACK failure code 0x80 for that filter
  [MQTT-3.8.4-5] is accepted as well. Well-formed wildcard filters are granted.

  Background:
    Given client "sub" is connected

  Scenario Outline: The filter "<filter>" is refused (<why>)
    When client "sub" subscribes to the invalid filter "<filter>"
    Then the broker refuses the subscription of client "sub"

    @MQTT-4.7.1-2 @MQTT-4.8.0-1
    Examples: multi-level wildcard misplaced
      | filter     | why                               |
      | a/#/b      | # is not the last level           |
      | a/b#       | # shares its level with text      |
      | a/#b       | # is followed by text             |

    @MQTT-4.7.1-3 @MQTT-4.8.0-1
    Examples: single-level wildcard not a whole level
      | filter     | why                               |
      | a/+b       | + shares its level with text      |
      | a+/b       | + follows text in its level       |

    @MQTT-4.7.3-1 @MQTT-4.8.0-1
    Examples: empty filter
      | filter     | why                               |
      |            | a filter of zero characters       |

  @wildcards
  Scenario Outline: The well-formed wildcard filter "<filter>" is granted
    Then client "sub" is subscribed to the filter "<filter>"

    @MQTT-4.7.1-2
    Examples:
      | filter   |
      | #        |
      | a/#      |

    @MQTT-4.7.1-3
    Examples:
      | filter   |
      | +        |
      | a/+/b    |
      | +/+      |
      | a/+/#    |
