@v3.1.1
Feature: A message is delivered at the lower of its published QoS and the subscription's QoS
  The QoS of a delivery is the minimum of the QoS the message was published with and the maximum
  QoS granted to the subscription [MQTT-3.8.4-6]: the broker neither raises a QoS 0 message nor
  lowers a QoS 2 message below what the subscription was granted. When a client's subscriptions
  overlap, it gets the message at the highest QoS of the matching subscriptions (extra copies, one
  per further matching subscription, are allowed) [MQTT-3.3.5-1].

  Background:
    Given client "sub" is connected
    And client "pub" is connected

  @MQTT-3.8.4-6
  Scenario Outline: Published at QoS <published>, subscribed at QoS <granted>, delivered at QoS <delivered>
    Given client "sub" is granted QoS <granted> on "t"
    When client "pub" publishes "m" to "t" at QoS <published>
    Then client "sub" receives "m" on "t" at QoS <delivered>

    Examples: QoS 0 only
      | published | granted | delivered |
      | 0         | 0       | 0         |

    @qos1
    Examples: up to QoS 1
      | published | granted | delivered |
      | 0         | 1       | 0         |
      | 1         | 0       | 0         |
      | 1         | 1       | 1         |

    @qos1 @qos2
    Examples: up to QoS 2
      | published | granted | delivered |
      | 0         | 2       | 0         |
      | 1         | 2       | 1         |
      | 2         | 0       | 0         |
      | 2         | 1       | 1         |
      | 2         | 2       | 2         |

  @MQTT-3.3.5-1 @wildcards @qos1 @qos2
  Scenario: Overlapping subscriptions deliver the message at the highest of their QoS
    Given client "sub" is granted QoS 0 on "home/+"
    And client "sub" is granted QoS 2 on "home/#"
    When client "pub" publishes "lamp" to "home/hall" at QoS 2
    Then client "sub" receives "lamp" on "home/hall" at QoS 2 at least once

  @MQTT-3.3.5-1 @wildcards @qos1
  Scenario: Overlapping subscriptions deliver at the wildcard's higher QoS even beside an exact filter at QoS 0
    Given client "sub" is granted QoS 1 on "home/+"
    And client "sub" is granted QoS 0 on "home/hall"
    When client "pub" publishes "lamp" to "home/hall" at QoS 1
    Then client "sub" receives "lamp" on "home/hall" at QoS 1 at least once
