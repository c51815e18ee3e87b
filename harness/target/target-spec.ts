// What the runner tells every cucumber worker about the broker under test. The runner resolves
// the target (launching the reference broker, or taking --url), then passes a TargetSpec to the
// workers through the MQTT_CONFORMANCE_TARGET environment variable (JSON).

export type Transport = 'mqtt' | 'mqtts' | 'ws' | 'wss';

export interface Profile {
  name: string;
  description: string;
  /** Protocol versions the target speaks: '3.1.1', '5'. */
  protocolVersions: string[];
  /** Highest QoS the target grants (a SUBSCRIBE asking more is granted this). */
  maxQos: 0 | 1 | 2;
  /** Capability tags the target lacks, each with the reason shown in the report: { "@qos2": "..." }. */
  unsupported: Record<string, string>;
  /** Credentials the target accepts, for @auth scenarios; absent → @auth is not applicable. */
  auth?: { username: string; password: string };
  /** True when the target refuses connections without credentials (anonymous off). */
  anonymousRefused?: boolean;
  /** A topic filter the target's ACL refuses to subscribe to; absent → @acl-subscribe not applicable. */
  deniedSubscribeTopic?: string;
  /** A topic the target's ACL refuses publishes to; absent → @acl-publish not applicable. */
  deniedPublishTopic?: string;
  /** Whether the target publishes $SYS topics. */
  sysTopics?: boolean;
  /** Largest packet the target accepts, if it has a limit the suite may probe. */
  maxPacketSize?: number;
  /** Free-form notes shown in the report. */
  notes?: string[];
}

export interface TargetSpec {
  /** The URLs as given (or of the launched reference broker); the first is the primary. */
  urls: string[];
  /** One URL per transport the target offers (derived from urls, or all four for the reference broker). */
  transports: Partial<Record<Transport, string>>;
  profile: Profile;
  username?: string;
  password?: string;
  /** PEM CA bundle path for mqtts:// and wss://. */
  caFile?: string;
  /** True when the runner launched the reference broker itself. */
  reference: boolean;
  /** Random id of this run; scenario client ids and topics are prefixed with it. */
  runId: string;
  /** Multiplier for every deadline (slow or remote brokers). */
  timeScale: number;
}

export const TARGET_ENV = 'MQTT_CONFORMANCE_TARGET';

export function encodeTarget(spec: TargetSpec): string {
  return JSON.stringify(spec);
}

export function decodeTarget(raw: string | undefined): TargetSpec {
  if (raw === undefined || raw === '') {
    throw new Error(`${TARGET_ENV} is not set: run the suite through \`mqtt-conformance run\`, which resolves the target first`);
  }
  return JSON.parse(raw) as TargetSpec;
}
