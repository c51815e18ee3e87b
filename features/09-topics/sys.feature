@v3.1.1 @sys @optional
Feature: The broker reports its state under $SYS (optional)
  MQTT 3.1.1 does not require `$SYS` topics; it notes that `$SYS/` is the widely adopted prefix for
  server-specific information, so no statement id applies here. A broker whose profile says it
  publishes them is expected to report, under `$SYS/broker/...`, its version, its uptime, how many
  clients are connected and how many messages it has handled, each with a non-empty value. Either of
  the common names for a figure is accepted.

  Background:
    Given client "sys" is connected
    And client "sys" is subscribed to "$SYS/#" at the root of the topic tree

  Scenario: The broker publishes its version (optional)
    Then client "sys" receives a message on a topic matching "\$SYS/broker/version"

  Scenario: The broker publishes its uptime (optional)
    Then client "sys" receives a message on a topic matching "\$SYS/broker/uptime"

  Scenario: The broker publishes the number of connected clients (optional)
    Then client "sys" receives a message on a topic matching "\$SYS/broker/clients/(connected|active)"

  Scenario: The broker publishes message counters (optional)
    Then client "sys" receives a message on a topic matching "\$SYS/broker/(messages|publish/messages)/(received|sent)"
