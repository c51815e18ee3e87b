// Decides whether a scenario applies to the target: a scenario that needs a capability the target
// lacks is not applicable (with the reason), never failed.
import type { TargetSpec } from '../../harness/target/target-spec.ts';

/** The reason the scenario does not apply, or undefined when it does. */
export function notApplicableReason(tags: readonly string[], target: TargetSpec): string | undefined {
  const { profile, transports } = target;
  for (const tag of tags) {
    const declared = profile.unsupported[tag];
    if (declared !== undefined) return `${tag}: ${declared}`;
    const derived = derivedReason(tag, target);
    if (derived !== undefined) return `${tag}: ${derived}`;
  }
  if (tags.includes('@v5') && !profile.protocolVersions.includes('5')) return `@v5: profile ${profile.name} does not speak MQTT 5`;
  if (tags.includes('@v3.1.1') && !profile.protocolVersions.includes('3.1.1')) return `@v3.1.1: profile ${profile.name} does not speak MQTT 3.1.1`;
  void transports;
  return undefined;
}

function derivedReason(tag: string, target: TargetSpec): string | undefined {
  const { profile, transports } = target;
  switch (tag) {
    case '@qos1':
      return profile.maxQos < 1 ? `the target grants at most QoS ${profile.maxQos}` : undefined;
    case '@qos2':
      return profile.maxQos < 2 ? `the target grants at most QoS ${profile.maxQos}` : undefined;
    case '@auth':
      return profile.auth === undefined ? `profile ${profile.name} gives no credentials the target accepts` : undefined;
    case '@anonymous-refused':
      return profile.anonymousRefused === true ? undefined : `profile ${profile.name} says the target accepts anonymous clients`;
    case '@acl-subscribe':
      return profile.deniedSubscribeTopic === undefined ? `profile ${profile.name} names no topic the target's ACL refuses to subscribe` : undefined;
    case '@acl-publish':
      return profile.deniedPublishTopic === undefined ? `profile ${profile.name} names no topic the target's ACL refuses to publish` : undefined;
    case '@tls':
      return transports.mqtts === undefined ? 'no mqtts:// URL was given for the target' : undefined;
    case '@ws':
      return transports.ws === undefined ? 'no ws:// URL was given for the target' : undefined;
    case '@wss':
      return transports.wss === undefined ? 'no wss:// URL was given for the target' : undefined;
    case '@sys':
      return profile.sysTopics === true ? undefined : `profile ${profile.name} says the target publishes no $SYS topics`;
    default:
      return undefined;
  }
}
