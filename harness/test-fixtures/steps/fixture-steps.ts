// Step definitions of the runner's fixture suite: deterministic pass, fail (with a packet trace),
// not applicable (profile lacks a tagged capability) and a real CONNECT against the target.
import { After, Before, Given, Then } from '@cucumber/cucumber';
import mqtt from 'mqtt';
import { decodeTarget } from '../../target/target-spec.ts';

const NOT_APPLICABLE = 'text/x.mqttc.not-applicable';
const TRACE = 'text/x.mqttc.trace';

interface FixtureWorld {
  attach(body: string, mediaType: string): void;
  client?: mqtt.MqttClient;
  trace: string[];
}

Before(function (this: FixtureWorld, { pickle }) {
  this.trace = [];
  const target = decodeTarget(process.env['MQTT_CONFORMANCE_TARGET']);
  for (const tag of pickle.tags) {
    const reason = target.profile.unsupported[tag.name];
    if (reason !== undefined) {
      this.attach(`${tag.name}: ${reason}`, NOT_APPLICABLE);
      return 'skipped';
    }
  }
  return undefined;
});

After(function (this: FixtureWorld, { result }) {
  this.client?.end(true);
  if (result?.status === 'FAILED') this.attach(this.trace.join('\n'), TRACE);
});

Given('a connection to the target', async function (this: FixtureWorld) {
  const target = decodeTarget(process.env['MQTT_CONFORMANCE_TARGET']);
  const url = target.transports.mqtt ?? target.urls[0] ?? '';
  this.trace.push(`→ CONNECT ${url} clientId=${target.runId}-fixture`);
  this.client = await mqtt.connectAsync(url, { clientId: `${target.runId}-fixture-${Math.random().toString(36).slice(2, 8)}`, reconnectPeriod: 0, connectTimeout: 5000 });
  this.trace.push('← CONNACK rc=0');
});

Then('the connection is accepted', function (this: FixtureWorld) {
  if (this.client?.connected !== true) throw new Error('expected an accepted connection');
});

Then('the fixture fails with {string}', function (this: FixtureWorld, message: string) {
  this.trace.push('→ PUBLISH qos=1 topic=fixture/x', '(no PUBACK)');
  throw new Error(message);
});

Then('the fixture passes with {int}', function (n: number) {
  if (!(n > 0)) throw new Error('fixture numbers are positive');
});
