// The two ways a step ends a scenario without judging the broker (notes/ATTRIBUTION.md): the scenario
// does not apply (the broker made another legal choice), or the broker contradicts the profile the run
// was given (credentials, granted QoS), which says the profile is wrong rather than the broker.
import type { ConformanceWorld } from './world.ts';
import { NOT_APPLICABLE_MEDIA_TYPE } from './hooks.ts';

export const PROFILE_MISMATCH_MEDIA_TYPE = 'text/x.mqttc.profile-mismatch';

/** Attach the reason and return cucumber's 'skipped' (a step returns it). */
export function notApplicable(world: ConformanceWorld, reason: string): 'skipped' {
  world.attach(reason, NOT_APPLICABLE_MEDIA_TYPE);
  return 'skipped';
}

/** One line: what the broker did, and which profile setting would fit it. */
export function profileMismatch(world: ConformanceWorld, what: string, fit: string): 'skipped' {
  world.attach(`${what}; ${fit} (profile ${world.target.profile.name})`, PROFILE_MISMATCH_MEDIA_TYPE);
  return 'skipped';
}

/** The return code of a CONNACK (3.1.1 returnCode, 5.0 reasonCode). */
export function connackCode(packet: { returnCode?: number; reasonCode?: number }): number | undefined {
  return packet.returnCode ?? packet.reasonCode;
}
