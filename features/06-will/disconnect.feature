@v3.1.1 @will
Feature: A DISCONNECT discards the will, and a will is published at most once
  On DISCONNECT the server must discard the will without publishing it [MQTT-3.14.4-3], and once a will
  was published or discarded it is no longer part of the session [MQTT-3.1.2-10]. A connection made
  without the Will Flag has no will to publish [MQTT-3.1.2-12].

  @MQTT-3.14.4-3 @MQTT-3.1.2-10
  Scenario: No will is published after the client disconnects with DISCONNECT
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 0
    And client "dev" sends CONNECT with:
      | will topic   | status |
      | will payload | gone   |
    And client "dev" receives CONNACK with return code 0
    When client "dev" disconnects
    Then client "watcher" receives no message on "status" [MQTT-3.14.4-3, MQTT-3.1.2-10]

  # The will of the connection that was taken over is due (and shows the watcher is served); the new
  # connection of the same client id carries no will, so nothing may follow when it drops.
  @MQTT-3.1.2-12
  Scenario: A connection without a will publishes nothing when it drops, though the client id had a will before
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 0
    And client "dev" sends CONNECT with:
      | will topic   | status |
      | will payload | gone   |
    And client "dev" receives CONNACK with return code 0
    And client "dev2" sends CONNECT with:
      | client id | <same as dev> |
    And client "dev2" receives CONNACK with return code 0
    And client "watcher" receives "gone" on "status"
    When the network connection of client "dev2" drops
    Then client "watcher" receives no message on "status"

  @MQTT-3.1.2-10 @MQTT-3.1.2-12
  Scenario: A will discarded by DISCONNECT is not published by a later connection of the same client
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 0
    And client "dev" sends CONNECT with:
      | clean session | 0      |
      | will topic    | status |
      | will payload  | gone   |
    And client "dev" receives CONNACK with return code 0
    And client "dev" disconnects
    And client "dev" connects with a persistent session
    When the network connection of client "dev" drops
    Then client "watcher" receives no message on "status"

  @MQTT-3.1.2-10
  Scenario: A will is published once only
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 0
    And client "dev" sends CONNECT with:
      | clean session | 0      |
      | will topic    | status |
      | will payload  | gone   |
    And client "dev" receives CONNACK with return code 0
    And the network connection of client "dev" drops
    And client "watcher" receives "gone" on "status"
    And client "dev" connects with a persistent session
    When the network connection of client "dev" drops
    Then client "watcher" receives no message on "status"
