@v3.1.1 @keepalive
Feature: The server closes a connection that is silent for 1.5 times its keep alive
  With a non-zero keep alive, a server that hears nothing from the client for one and a half times
  that period closes the network connection as if it had failed [MQTT-3.1.2-24]. Any control packet
  counts as hearing from the client. The close is measured from the client's last packet and
  accepted between 1.0 × and 1.5 × keep alive + 0.5 s. Keep alive 0 turns the mechanism off.
  Scenarios tagged @timing judge a measured window. A broker may check keep alives on a coarse timer, so
  a single connection lands at a random phase of it and its verdict would change from run to run; each
  scenario therefore starts six connections one second apart (a span longer than such a timer's period)
  and judges them together: every one must close inside the window.

  @MQTT-3.1.2-24 @timing
  Scenario: Clients silent past a 1 s keep alive are disconnected (each close expected 1.0 s to 2.0 s after its last packet)
    When 6 clients connect with keep alive 1 second, one every 1000 ms, and then send nothing
    Then the broker closes each of those connections after 1 to 1.5 times its keep alive

  @MQTT-3.1.2-24 @timing
  Scenario: Clients silent past a 2 s keep alive are disconnected (each close expected 2.0 s to 3.5 s after its last packet)
    When 6 clients connect with keep alive 2 seconds, one every 1000 ms, and then send nothing
    Then the broker closes each of those connections after 1 to 1.5 times its keep alive

  @MQTT-3.1.2-24
  Scenario: PINGREQs every 500 ms keep a 1 s keep alive connection open for 2 s
    Given client "a" is connected with keep alive 1 seconds
    When client "a" sends a PINGREQ every 500 ms for 2000 ms
    Then the connection of client "a" stays open

  @MQTT-3.1.2-24
  Scenario: Publishing every 500 ms keeps a 1 s keep alive connection open for 2 s without any PINGREQ
    Given client "a" is connected with keep alive 1 seconds
    When client "a" publishes to "t" every 500 ms for 2000 ms
    Then the connection of client "a" stays open

  @MQTT-3.1.2-24
  Scenario: Keep alive 0 switches the timeout off (a silent client stays connected for 2.5 s)
    Given client "a" is connected with keep alive 0 seconds
    Then the connection of client "a" stays open for 2.5 seconds
