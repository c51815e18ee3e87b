@v3.1.1 @will
Feature: The will is published with its QoS and its retain flag
  The server publishes the will with the Will QoS and Will Retain the client asked for: a will with Will
  Retain=1 is published as a retained message [MQTT-3.1.2-17], one with Will Retain=0 is not
  [MQTT-3.1.2-16]. Like any message it reaches a subscriber at the lower of its QoS and the subscription's
  [MQTT-3.8.4-6].

  @MQTT-3.1.2-8 @MQTT-3.8.4-6 @qos1
  Scenario: A QoS 1 will reaches a QoS 1 subscriber at QoS 1
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 1
    And client "dev" sends CONNECT with:
      | will topic   | status |
      | will payload | gone   |
      | will qos     | 1      |
    And client "dev" receives CONNACK with return code 0
    When the network connection of client "dev" drops
    Then client "watcher" receives "gone" on "status" [MQTT-3.1.2-8]
    And that message has QoS 1 [MQTT-3.8.4-6]

  @MQTT-3.1.2-8 @MQTT-3.8.4-6 @qos2
  Scenario: A QoS 2 will reaches a QoS 2 subscriber at QoS 2
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 2
    And client "dev" sends CONNECT with:
      | will topic   | status |
      | will payload | gone   |
      | will qos     | 2      |
    And client "dev" receives CONNACK with return code 0
    When the network connection of client "dev" drops
    Then client "watcher" receives "gone" on "status" [MQTT-3.1.2-8]
    And that message has QoS 2 [MQTT-3.8.4-6]

  @MQTT-3.8.4-6 @qos2
  Scenario: A QoS 2 will reaches a QoS 1 subscriber at QoS 1
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 1
    And client "dev" sends CONNECT with:
      | will topic   | status |
      | will payload | gone   |
      | will qos     | 2      |
    And client "dev" receives CONNACK with return code 0
    When the network connection of client "dev" drops
    Then client "watcher" receives "gone" on "status" at QoS 1

  @MQTT-3.8.4-6 @qos1
  Scenario: A QoS 0 will reaches a QoS 1 subscriber at QoS 0
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 1
    And client "dev" sends CONNECT with:
      | will topic   | status |
      | will payload | gone   |
      | will qos     | 0      |
    And client "dev" receives CONNACK with return code 0
    When the network connection of client "dev" drops
    Then client "watcher" receives "gone" on "status" at QoS 0

  @MQTT-3.1.2-17 @retain @qos1
  Scenario: A will with Will Retain=1 is kept as the retained message of its topic
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 1
    And client "dev" sends CONNECT with:
      | will topic   | status |
      | will payload | gone   |
      | will qos     | 1      |
      | will retain  | 1      |
    And client "dev" receives CONNACK with return code 0
    And the network connection of client "dev" drops
    And client "watcher" receives "gone" on "status"
    And client "late" is connected
    When client "late" subscribes to "status" at QoS 1
    Then client "late" receives "gone" on "status" at QoS 1
    And that message has the retain flag set

  @MQTT-3.1.2-16 @retain @qos1
  Scenario: A will with Will Retain=0 is not kept for later subscribers
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 1
    And client "dev" sends CONNECT with:
      | will topic   | status |
      | will payload | gone   |
      | will qos     | 1      |
      | will retain  | 0      |
    And client "dev" receives CONNACK with return code 0
    And the network connection of client "dev" drops
    And client "watcher" receives "gone" on "status"
    And client "late" is connected
    When client "late" subscribes to "status" at QoS 1
    Then client "late" receives no message on "status"

  @MQTT-3.1.2-16 @MQTT-3.3.1-9
  Scenario: A will with Will Retain=0 reaches an existing subscriber with RETAIN=0
    Given client "watcher" is connected
    And client "watcher" is subscribed to "status" at QoS 0
    And client "dev" sends CONNECT with:
      | will topic   | status |
      | will payload | gone   |
      | will retain  | 0      |
    And client "dev" receives CONNACK with return code 0
    When the network connection of client "dev" drops
    And client "watcher" receives "gone" on "status"
    Then that message has the retain flag not set
