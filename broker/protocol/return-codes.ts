// CONNACK return codes, one table per protocol version (3.1 and 3.1.1 share theirs). MQTT 5 will add
// its own reason-code table keyed by protocol level 5.

export type ConnectRefusal =
  | 'unacceptable-protocol-version'
  | 'identifier-rejected'
  | 'server-unavailable'
  | 'bad-credentials'
  | 'not-authorized';

const V3_V4: Readonly<Record<ConnectRefusal, number>> = {
  'unacceptable-protocol-version': 0x01,
  'identifier-rejected': 0x02,
  'server-unavailable': 0x03,
  'bad-credentials': 0x04,
  'not-authorized': 0x05,
};

export function connackCode(protocolVersion: number, refusal: ConnectRefusal): number {
  void protocolVersion; // only the 3.1/3.1.1 table exists today
  return V3_V4[refusal];
}

/** SUBACK failure return code [MQTT-3.9.3-2]. */
export const SUBACK_FAILURE = 0x80;
