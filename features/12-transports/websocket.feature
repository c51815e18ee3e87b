@v3.1.1
Feature: MQTT over WebSocket
  Over WebSocket, MQTT travels in binary frames only; a text frame makes the receiver close the
  connection [MQTT-6.0.0-1]. Packets are not aligned to frames: one frame may hold part of a packet
  or several packets [MQTT-6.0.0-2]. The client offers the subprotocol "mqtt" and the server selects
  "mqtt" [MQTT-6.0.0-4]. Each scenario runs over ws:// and over wss://.

  Scenario Outline: The server selects the subprotocol "mqtt" over <transport>
    When client "a" opens a WebSocket over <transport> offering the subprotocol "mqtt"
    Then the broker selected the WebSocket subprotocol "mqtt" for client "a"

    @MQTT-6.0.0-4 @ws
    Examples:
      | transport |
      | ws        |

    @MQTT-6.0.0-4 @wss
    Examples:
      | transport |
      | wss       |

  Scenario Outline: A CONNECT split across 3 WebSocket frames over <transport> is accepted
    Given client "a" opens a WebSocket over <transport> offering the subprotocol "mqtt"
    When client "a" sends CONNECT over the WebSocket split into 3 frames
    Then client "a" receives CONNACK with return code 0 over the WebSocket

    @MQTT-6.0.0-2 @ws
    Examples:
      | transport |
      | ws        |

    @MQTT-6.0.0-2 @wss
    Examples:
      | transport |
      | wss       |

  Scenario Outline: CONNECT and PINGREQ in one WebSocket frame over <transport> are both answered
    Given client "a" opens a WebSocket over <transport> offering the subprotocol "mqtt"
    When client "a" sends CONNECT and PINGREQ over the WebSocket in one frame
    Then client "a" receives CONNACK with return code 0 over the WebSocket
    And client "a" receives a PINGRESP packet over the WebSocket

    @MQTT-6.0.0-2 @ws
    Examples:
      | transport |
      | ws        |

    @MQTT-6.0.0-2 @wss
    Examples:
      | transport |
      | wss       |

  Scenario Outline: A text frame over <transport> closes the connection
    Given client "a" opens a WebSocket over <transport> offering the subprotocol "mqtt"
    And client "a" sends CONNECT over the WebSocket
    And client "a" receives CONNACK with return code 0 over the WebSocket
    When client "a" sends a PINGREQ over the WebSocket in a text frame
    Then the broker closes the WebSocket of client "a"

    @MQTT-6.0.0-1 @ws
    Examples:
      | transport |
      | ws        |

    @MQTT-6.0.0-1 @wss
    Examples:
      | transport |
      | wss       |

  Scenario Outline: Messages flow between clients over <transport>
    Given client "a" connects over <transport>
    And client "a" is subscribed to "t" at QoS 1
    When client "a" publishes "over websocket" to "t" at QoS 1
    Then client "a" receives "over websocket" on "t" at QoS 1

    @MQTT-6.0.0-2 @ws @qos1
    Examples:
      | transport |
      | ws        |

    @MQTT-6.0.0-2 @wss @qos1
    Examples:
      | transport |
      | wss       |
