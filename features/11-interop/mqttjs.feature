@v3.1.1 @interop
Feature: MQTT.js, a widely used client library, works with the broker end to end
  Beyond packet-level probes, a broker must serve a real client library: MQTT.js (the `mqtt` npm package)
  connects, subscribes, publishes at each QoS with its own packet identifiers and flow handling, and
  resumes a persistent session. Each round trip is delivered at min(published QoS, granted QoS)
  [MQTT-3.8.4-6]; a persistent session keeps subscriptions and queued messages [MQTT-3.1.2-4]
  [MQTT-3.1.2-5] and says so in CONNACK [MQTT-3.2.2-2]. That a stock client needs no extension to talk to
  the broker [MQTT-7.0.0-2] over an ordered, lossless byte stream [MQTT-7.1.1-1] is what the round trips show.

  @MQTT-3.8.4-6 @MQTT-7.0.0-2 @MQTT-7.1.1-1
  Scenario Outline: A QoS <qos> message goes round trip between two MQTT.js clients
    Given MQTT.js client "sub" is connected
    And MQTT.js client "sub" subscribes to "chat" at QoS <qos>
    And MQTT.js client "pub" is connected
    When MQTT.js client "pub" publishes "hello <qos>" to "chat" at QoS <qos>
    Then MQTT.js client "sub" receives "hello <qos>" on "chat" at QoS <qos>

    Examples: QoS 0
      | qos |
      | 0   |

    @qos1
    Examples: QoS 1
      | qos |
      | 1   |

    @qos2
    Examples: QoS 2
      | qos |
      | 2   |

  @MQTT-3.8.4-6 @qos2
  Scenario: A message published by a probe client reaches an MQTT.js subscriber
    Given MQTT.js client "sub" is connected
    And MQTT.js client "sub" subscribes to "mixed" at QoS 2
    And client "probe" is connected
    When client "probe" publishes "from the probe" to "mixed" at QoS 2
    Then MQTT.js client "sub" receives "from the probe" on "mixed" at QoS 2

  @MQTT-3.1.2-4 @MQTT-3.1.2-5 @MQTT-3.2.2-2 @qos1
  Scenario: An MQTT.js client resumes its persistent session and gets what was published meanwhile
    Given MQTT.js client "app" is connected with a persistent session
    And MQTT.js client "app" subscribes to "jobs" at QoS 1
    And MQTT.js client "app" disconnects
    And MQTT.js client "pub" is connected
    And MQTT.js client "pub" publishes "job 1" to "jobs" at QoS 1
    When MQTT.js client "app" reconnects with a persistent session
    Then MQTT.js client "app" was told its session is present [MQTT-3.2.2-2]
    And MQTT.js client "app" receives "job 1" on "jobs" at QoS 1 [MQTT-3.1.2-4, MQTT-3.1.2-5]

  @MQTT-3.3.1-6 @MQTT-3.3.1-8 @retain @qos1
  Scenario: An MQTT.js subscriber is sent a retained message published by another MQTT.js client
    Given MQTT.js client "pub" is connected
    And MQTT.js client "pub" publishes a retained message "ready" to "service/state" at QoS 1
    And MQTT.js client "sub" is connected
    When MQTT.js client "sub" subscribes to "service/state" at QoS 1
    Then MQTT.js client "sub" receives the retained message "ready" on "service/state"
