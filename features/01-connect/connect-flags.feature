@v3.1.1
Feature: A CONNECT whose flags and payload disagree is refused without CONNACK
  The server checks that a CONNECT follows section 3.1 and, if it does not, closes the connection
  without sending CONNACK [MQTT-3.1.4-1], as it does when no return code fits [MQTT-3.2.2-6]. The
  reserved flag must be 0 [MQTT-3.1.2-3]; will QoS and will retain must be 0 without the will flag
  [MQTT-3.1.2-11, MQTT-3.1.2-13, MQTT-3.1.2-15]; will QoS 3 does not exist [MQTT-3.1.2-14]; a will
  flag needs a will topic and message [MQTT-3.1.2-9]; a password needs a user name
  [MQTT-3.1.2-22]; announced user name and password must be present [MQTT-3.1.2-19, MQTT-3.1.2-21].
  Flags byte: bit 0 reserved, 1 clean session, 2 will, 3-4 will QoS, 5 will retain, 6 password,
  7 user name.

  Scenario Outline: <case> → closed without CONNACK
    When client "a" sends a raw CONNECT with:
      | connect flags | <flags>   |
      | payload       | <payload> |
    Then the broker closes the connection of client "a" without sending a CONNACK

    @MQTT-3.1.2-3 @MQTT-3.1.4-1
    Examples: reserved flag
      | case                        | flags | payload |
      | the reserved flag set       | 0x03  | <none>  |

    @MQTT-3.1.2-11 @MQTT-3.1.2-13 @MQTT-3.1.4-1
    Examples: will QoS without will flag
      | case                        | flags | payload |
      | will QoS 1 without will     | 0x0A  | <none>  |

    @MQTT-3.1.2-11 @MQTT-3.1.2-15 @MQTT-3.1.4-1
    Examples: will retain without will flag
      | case                        | flags | payload |
      | will retain without will    | 0x22  | <none>  |

    @MQTT-3.1.2-14 @MQTT-3.1.4-1
    Examples: will QoS 3
      | case                        | flags | payload                  |
      | will QoS 3                  | 0x1E  | will topic, will message |

    @MQTT-3.1.2-9 @MQTT-3.1.4-1 @MQTT-3.2.2-6
    Examples: will flag without will fields
      | case                        | flags | payload |
      | will flag without will topic | 0x06 | <none>  |

    @MQTT-3.1.2-22 @MQTT-3.1.4-1
    Examples: password without user name
      | case                        | flags | payload  |
      | password flag without user name flag | 0x42 | password |

    @MQTT-3.1.2-19 @MQTT-3.1.4-1 @MQTT-3.2.2-6
    Examples: user name announced but missing
      | case                        | flags | payload |
      | user name flag without a user name | 0x82 | <none> |

  @MQTT-3.1.4-1 @MQTT-3.2.2-6
  Scenario: A CONNECT whose client id length runs past the end of the packet is closed without CONNACK
    Given client "a" opens a network connection
    # CONNECT, remaining length 14: "MQTT", level 4, flags 0x02, keep alive 60, client id length 9 but only 2 bytes follow
    When client "a" sends the bytes "10 0E 0004 4D515454 04 02 003C 0009 6162"
    Then the broker closes the connection of client "a" without sending a CONNACK

  # The control for the outline above: the same kind of CONNECT, with flags and payload that agree.
  @MQTT-3.1.4-4 @will
  Scenario: A CONNECT whose will flag, will QoS 2 and will fields agree is accepted
    When client "a" sends CONNECT with:
      | will topic   | will |
      | will payload | bye  |
      | will qos     | 2    |
      | will retain  | 0    |
    Then client "a" receives CONNACK with return code 0
