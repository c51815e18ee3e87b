// The fault registry: every fault the proxy can inject, by name. `pass-through` is the clean control.
import type { Fault } from '../fault.ts';
import { UnknownFaultError } from '../fault.ts';
import { acceptAnyProtocolName } from './accept-any-protocol-name.ts';
import { acceptBadCredentials } from './accept-bad-credentials.ts';
import { acceptRejectedClientId } from './accept-rejected-client-id.ts';
import { acceptUnsupportedProtocol } from './accept-unsupported-protocol.ts';
import { alterTopicName } from './alter-topic-name.ts';
import { answerSecondConnect } from './answer-second-connect.ts';
import { clearDupOnRedelivery } from './clear-dup-on-redelivery.ts';
import { clearRetainFlag } from './clear-retain-flag.ts';
import { connackNotFirst } from './connack-not-first.ts';
import { deliverToOneSubscriber } from './deliver-to-one-subscriber.ts';
import { dropPubrel } from './drop-pubrel.ts';
import { dropRedelivery } from './drop-redelivery.ts';
import { dropRetained } from './drop-retained.ts';
import { dropWill } from './drop-will.ts';
import { firstFilterOnly, firstUnsubscribeOnly } from './first-filter-only.ts';
import { flipSessionPresent } from './flip-session-present.ts';
import { flipWillRetain } from './flip-will-retain.ts';
import { forceCleanSession } from './force-clean-session.ts';
import { grantDeniedSubscribe } from './grant-denied-subscribe.ts';
import { grantMaxQos } from './grant-max-qos.ts';
import { hashExcludesParent } from './hash-excludes-parent.ts';
import { KEEP_OPEN_FAULTS } from './keep-open.ts';
import { ignoreKeepalive } from './ignore-keepalive.ts';
import { ignoreRetainedDelete } from './ignore-retained-delete.ts';
import { ignoreUnsubscribe } from './ignore-unsubscribe.ts';
import { keepSession } from './keep-session.ts';
import { leakDollarTopic } from './leak-dollar-topic.ts';
import { lowerQos } from './lower-qos.ts';
import { noPingresp } from './no-pingresp.ts';
import { noSuback } from './no-suback.ts';
import { noUnsuback } from './no-unsuback.ts';
import { normalizeFilters } from './normalize-filters.ts';
import { plusMatchesManyLevels } from './plus-matches-many-levels.ts';
import { packetIdOnQos0 } from './packet-id-on-qos0.ts';
import { passThrough } from './pass-through.ts';
import { raiseQos } from './raise-qos.ts';
import { refuseValidCredentials } from './refuse-valid-credentials.ts';
import { rejectLongClientId } from './reject-long-client-id.ts';
import { reorderPublishes } from './reorder-publishes.ts';
import { reverseSubackCodes } from './reverse-suback-codes.ts';
import { setDupOnFirstDelivery } from './set-dup-on-first-delivery.ts';
import { setDupOnQos0 } from './set-dup-on-qos0.ts';
import { setRetainFlag } from './set-retain-flag.ts';
import { storeNonRetained } from './store-non-retained.ts';
import { stripBom } from './strip-bom.ts';
import { swallowPuback } from './swallow-puback.ts';
import { swallowPubcomp } from './swallow-pubcomp.ts';
import { willOnDisconnect } from './will-on-disconnect.ts';
import { wrongPubackId } from './wrong-puback-id.ts';
import { wrongSubackId } from './wrong-suback-id.ts';
import { acceptTextFrames, assumeFrameAlignment, wrongWebSocketSubprotocol } from './websocket-faults.ts';
import { closeInsteadOfDelivering } from './close-instead-of-delivering.ts';
import { connackBeforeClose } from './connack-before-close.ts';
import { refuseWillConnect } from './refuse-will-connect.ts';
import { sessionPresentOnRefusal } from './session-present-on-refusal.ts';
import { noRetainedOnResubscribe } from './no-retained-on-resubscribe.ts';
import { forgetSessionWhileConnected } from './forget-session-while-connected.ts';
import { ignorePublishAcl } from './ignore-publish-acl.ts';
import { lossyStream } from './lossy-stream.ts';
import { phantomWill } from './phantom-will.ts';
import { processAfterRefusedConnect } from './process-after-refused-connect.ts';
import { qos0RetainedKeepsOld } from './qos0-retained-keeps-old.ts';
import { requireExtension } from './require-extension.ts';
import { reservedSubackCode } from './reserved-suback-code.ts';
import { reuseDeliveryPacketId } from './reuse-delivery-packet-id.ts';
import { sharedEmptyClientId } from './shared-empty-client-id.ts';
import { wildcardsNeverMatch } from './wildcards-never-match.ts';

export const FAULTS: readonly Fault[] = [
  passThrough,
  // connect and session
  answerSecondConnect,
  connackNotFirst,
  refuseValidCredentials,
  refuseWillConnect,
  acceptBadCredentials,
  acceptRejectedClientId,
  acceptUnsupportedProtocol,
  acceptAnyProtocolName,
  rejectLongClientId,
  forceCleanSession,
  keepSession,
  flipSessionPresent,
  sessionPresentOnRefusal,
  ...KEEP_OPEN_FAULTS,
  connackBeforeClose,
  processAfterRefusedConnect,
  sharedEmptyClientId,
  forgetSessionWhileConnected,
  ignoreKeepalive,
  noPingresp,
  dropWill,
  willOnDisconnect,
  flipWillRetain,
  phantomWill,
  // publish and QoS
  raiseQos,
  lowerQos,
  swallowPuback,
  wrongPubackId,
  swallowPubcomp,
  dropPubrel,
  setDupOnQos0,
  packetIdOnQos0,
  setDupOnFirstDelivery,
  clearDupOnRedelivery,
  dropRedelivery,
  reorderPublishes,
  alterTopicName,
  stripBom,
  deliverToOneSubscriber,
  reuseDeliveryPacketId,
  ignorePublishAcl,
  closeInsteadOfDelivering,
  // retain
  clearRetainFlag,
  setRetainFlag,
  dropRetained,
  noRetainedOnResubscribe,
  ignoreRetainedDelete,
  storeNonRetained,
  qos0RetainedKeepsOld,
  // subscribe, unsubscribe, topics
  noSuback,
  wrongSubackId,
  reverseSubackCodes,
  grantDeniedSubscribe,
  grantMaxQos,
  reservedSubackCode,
  wildcardsNeverMatch,
  firstFilterOnly,
  ignoreUnsubscribe,
  noUnsuback,
  firstUnsubscribeOnly,
  leakDollarTopic,
  plusMatchesManyLevels,
  hashExcludesParent,
  normalizeFilters,
  // transports and interoperability
  acceptTextFrames,
  assumeFrameAlignment,
  wrongWebSocketSubprotocol,
  lossyStream,
  requireExtension,
];

export function faultNames(): string[] {
  return FAULTS.map((fault) => fault.name);
}

export function findFault(name: string): Fault {
  const fault = FAULTS.find((f) => f.name === name);
  if (fault === undefined) throw new UnknownFaultError(name, faultNames());
  return fault;
}
