@v3.1.1 @auth
Feature: Access control on subscribe and publish
  A subscription the server refuses gets the failure return code 0x80 in its place in the SUBACK,
  while the other filters of the same SUBSCRIBE are handled as if sent alone [MQTT-3.8.4-4,
  MQTT-3.8.4-5, MQTT-3.9.3-1]. A PUBLISH the client is not allowed to make cannot be reported to it:
  the server either acknowledges it by the normal QoS rules or closes the connection [MQTT-3.3.5-2],
  and in both cases the message reaches no subscriber. The denied topics are the profile's.

  @MQTT-3.8.4-5 @MQTT-3.8.4-4 @acl-subscribe
  Scenario: A denied filter gets 0x80 while an allowed filter in the same SUBSCRIBE is granted
    Given client "a" is connected with the profile's credentials
    When client "a" subscribes at QoS 1 to the denied filter and then to "ok"
    Then client "a" receives SUBACK refusing the denied filter and granting QoS 1 to the other

  @MQTT-3.8.4-4 @acl-subscribe
  Scenario: The allowed filter of a partly denied SUBSCRIBE delivers messages
    Given client "a" is connected with the profile's credentials
    And client "a" subscribes at QoS 1 to the denied filter and then to "ok"
    When client "a" publishes "allowed" to "ok" at QoS 1
    Then client "a" receives "allowed" on "ok" at QoS 1

  @MQTT-3.3.5-2 @acl-publish
  Scenario Outline: A denied QoS <qos> publish is acknowledged normally or closed, and not delivered
    Given client "sub" is connected with the profile's credentials
    And client "sub" is subscribed to the denied publish topic at QoS 2
    And client "pub" is connected with the profile's credentials
    When client "pub" publishes "forbidden" to the denied publish topic at QoS <qos>
    Then client "sub" receives no message on the denied publish topic

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
