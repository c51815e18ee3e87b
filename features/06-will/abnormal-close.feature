@v3.1.1 @will
Feature: The will is published when the connection ends without DISCONNECT
  A will given in an accepted CONNECT is stored with the network connection and must be published when
  that connection closes for any reason other than a DISCONNECT from the client [MQTT-3.1.2-8]: the
  client vanishing, the server closing it for a protocol error, the keep alive running out, or another
  connection taking over the client id [MQTT-3.1.4-2].

  @MQTT-3.1.2-8
  Scenario: The will is published when the client's network connection drops
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 0
    And client "dev" sends CONNECT with:
      | will topic   | status |
      | will payload | gone   |
    And client "dev" receives CONNACK with return code 0
    When the network connection of client "dev" drops
    Then client "watcher" receives "gone" on "status"

  @MQTT-3.1.2-8 @MQTT-3.3.1-4
  Scenario: The will is published when the server closes the connection for a protocol violation
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 0
    And client "dev" sends CONNECT with:
      | will topic   | status |
      | will payload | gone   |
    And client "dev" receives CONNACK with return code 0
    # A PUBLISH with both QoS bits set (QoS 3): the server must close the connection.
    When client "dev" sends the bytes "36 03 00 01 61"
    Then the broker closes the connection of client "dev" [MQTT-3.3.1-4]
    And client "watcher" receives "gone" on "status" [MQTT-3.1.2-8]

  # How soon the server closes a silent connection [MQTT-3.1.2-24] is judged in
  # features/07-keepalive (several staggered connections); here only the will that the close makes due.
  @MQTT-3.1.2-8 @keepalive
  Scenario: The will is published when the keep alive runs out
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 0
    And client "dev" sends CONNECT with:
      | keep alive   | 1      |
      | will topic   | status |
      | will payload | gone   |
    And client "dev" receives CONNACK with return code 0
    When client "dev" sends nothing more
    And the broker closes the connection of client "dev" within 10 seconds
    Then client "watcher" receives "gone" on "status"

  @MQTT-3.1.2-8 @MQTT-3.1.4-2
  Scenario: The will is published when another connection takes over the client id
    # The old connection is closed by the server, not ended by a DISCONNECT, so its will is due.
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 0
    And client "dev" sends CONNECT with:
      | will topic   | status |
      | will payload | gone   |
    And client "dev" receives CONNACK with return code 0
    When client "dev2" sends CONNECT with:
      | client id | <same as dev> |
    Then the broker closes the connection of client "dev" [MQTT-3.1.4-2]
    And client "watcher" receives "gone" on "status" [MQTT-3.1.2-8]
