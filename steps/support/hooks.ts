// Per-scenario setup and teardown: protocol version from the tags, applicability against the
// profile, the packet trace on failure, cleanup of what the scenario left on the broker.
import { After, Before, Status, setDefaultTimeout } from '@cucumber/cucumber';
import type { ConformanceWorld } from './world.ts';
import { notApplicableReason } from './applicability.ts';

export const NOT_APPLICABLE_MEDIA_TYPE = 'text/x.mqttc.not-applicable';
export const TRACE_MEDIA_TYPE = 'text/x.mqttc.trace';

setDefaultTimeout(15_000);

Before(function (this: ConformanceWorld, { pickle }) {
  const tags = pickle.tags.map((t) => t.name);
  this.protocolVersion = tags.includes('@v5') ? 5 : tags.includes('@v3.1') ? 3 : 4;
  const reason = notApplicableReason(tags, this.target);
  if (reason !== undefined) {
    this.attach(reason, NOT_APPLICABLE_MEDIA_TYPE);
    return 'skipped';
  }
  return undefined;
});

After(async function (this: ConformanceWorld, { result }) {
  if (result !== undefined && result.status !== Status.PASSED && result.status !== Status.SKIPPED) {
    this.attach(this.trace.render() || '(no packets exchanged)', TRACE_MEDIA_TYPE);
  }
  await this.cleanup();
});
