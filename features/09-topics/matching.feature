@v3.1.1
Feature: Topic filters match topic names level by level, exactly as written
  `+` stands for exactly one whole level, empty levels included [MQTT-4.7.1-3]; `#` stands for any
  number of levels including none, so it also matches the parent level [MQTT-4.7.1-2]. Everything
  else is compared character by character: levels are case-sensitive, spaces are ordinary
  characters, empty levels and a leading or trailing `/` make distinct names [MQTT-4.7.3-2], and the
  broker never normalises a name or filter (no Unicode normalisation, no collapsing of `//`)
  [MQTT-4.7.3-4]; even a leading U+FEFF is a character of the name, never skipped [MQTT-1.5.3-3].
  The subscriber gets the topic name exactly as it was published [MQTT-3.3.2-3].
  Names below are written under the scenario's own prefix; `{prefix}` marks where a name starts with
  something else (a leading `/`), `\u{hex}` a code point that would be invisible.

  Background:
    Given client "sub" is connected
    And client "pub" is connected

  @wildcards
  Scenario Outline: The filter "<filter>" matches the topic name "<topic>" (<why>)
    Given client "sub" is subscribed to the filter "<filter>"
    When client "pub" publishes "hit" on the topic name "<topic>"
    Then client "sub" receives "hit" on the topic name "<topic>"

    @MQTT-4.7.1-3 @MQTT-3.3.2-3
    Examples: single-level wildcard
      | filter        | topic           | why                                 |
      | news/+        | news/sport      | + stands for one level              |
      | news/+/today  | news/sport/today| + in the middle                     |
      | +             | news            | + alone                             |
      | news/+        | news/           | + matches an empty last level       |
      | news/+/today  | news//today     | + matches an empty middle level     |

    @MQTT-4.7.1-2 @MQTT-3.3.2-3
    Examples: multi-level wildcard
      | filter        | topic                 | why                            |
      | news/#        | news                  | # includes the parent level    |
      | news/#        | news/sport/today/late | # covers any number of levels  |
      | #             | news/sport            | # alone                        |
      | news/+/#      | news/sport            | # after + includes its parent  |

  @MQTT-4.7.3-2 @MQTT-4.7.3-4
  Scenario Outline: The filter "<filter>" matches the identical topic name (<why>)
    Given client "sub" is subscribed to the filter "<filter>"
    When client "pub" publishes "hit" on the topic name "<topic>"
    Then client "sub" receives "hit" on the topic name "<topic>"

    Examples:
      | filter             | topic              | why                        |
      | news today         | news today         | a space is a character     |
      | news//today        | news//today        | an empty level             |
      | news/              | news/              | a trailing slash           |
      | /{prefix}/news     | /{prefix}/news     | a leading slash            |
      | Caf\u{e9}/Men\u{fc} | Caf\u{e9}/Men\u{fc} | non-ASCII characters      |

    @MQTT-1.5.3-3
    Examples: a byte order mark is an ordinary character
      | filter             | topic              | why                        |
      | \u{feff}news       | \u{feff}news       | U+FEFF is kept, not skipped |

  Scenario Outline: The filter "<filter>" does not match the topic name "<topic>" (<why>)
    Given client "sub" is subscribed to the filter "<filter>"
    When client "pub" publishes "miss" on the topic name "<topic>"
    Then client "sub" receives nothing on the topic name "<topic>"

    @MQTT-4.7.1-3 @wildcards
    Examples: single-level wildcard
      | filter        | topic             | why                                 |
      | news/+        | news/sport/today  | + does not cross a level separator  |
      | news/+        | news              | + needs a level to stand for        |
      | news/+/today  | news/today        | + cannot stand for nothing          |

    @MQTT-4.7.1-2 @wildcards
    Examples: multi-level wildcard
      | filter        | topic             | why                                 |
      | news/#        | newsroom          | # starts after a separator          |
      | news/#        | other/news        | # does not match earlier levels     |

    @MQTT-4.7.3-2 @MQTT-4.7.3-4
    Examples: no normalisation
      | filter          | topic              | why                              |
      | News            | news               | levels are case-sensitive        |
      | news            | NEWS               | levels are case-sensitive        |
      | news            | news/              | a trailing slash is distinct     |
      | news/           | news               | a trailing slash is distinct     |
      | news            | /{prefix}/news     | a leading slash is distinct      |
      | /{prefix}/news  | {prefix}/news      | a leading slash is distinct      |
      | news//today     | news/today         | empty levels are kept            |
      | news/today      | news//today        | empty levels are kept            |
      | news today      | newstoday          | a space is not dropped           |
      | caf\u{e9}       | cafe\u{301}        | no Unicode normalisation         |
      | cafe\u{301}     | caf\u{e9}          | no Unicode normalisation         |

    @MQTT-1.5.3-3 @MQTT-4.7.3-4
    Examples: a byte order mark is not stripped
      | filter          | topic              | why                              |
      | news            | \u{feff}news       | U+FEFF is not stripped           |
      | \u{feff}news    | news               | U+FEFF is not stripped           |
