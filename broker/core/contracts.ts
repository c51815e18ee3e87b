// Seams of the broker core that other parts plug into. The core (broker/core, broker/handlers,
// broker/session, broker/topics) implements Broker; listeners, auth, config and the CLI use it.
import type { Duplex } from 'node:stream';
import type { Authorizer, BrokerLimits, Clock, ConnectionMeta, IdSource, Logger } from '../model/contracts.ts';
import type { Persistence } from '../model/messages.ts';
import type { MessageBusFactory } from './message-bus.ts';
import type { SessionDirectory } from '../session/session-directory.ts';

export type { AuthResult, Authorizer, BrokerLimits, Clock, ConnectionMeta, IdSource, Logger } from '../model/contracts.ts';

export interface BrokerOptions {
  persistence: Persistence;
  authorizer: Authorizer;
  limits: BrokerLimits;
  clock: Clock;
  logger: Logger;
  /** Publish $SYS topics every this many ms (0 = off). */
  sysIntervalMs: number;
  version: string;
  /** Node id and assigned client ids; default: a random node id (crypto), ids `auto-<node>-<n>`. */
  ids?: IdSource;
  /** Who owns each client id; default: LocalSessionDirectory (this process owns every session). */
  directory?: SessionDirectory;
  /** Serve Prometheus metrics at http://metricsHost:metricsPort/metrics (broker/metrics); unset = off, 0 = a free port. */
  metricsPort?: number;
  /** Address of the metrics endpoint. Default 127.0.0.1. */
  metricsHost?: string;
  /** How a publish reaches subscribers; default: LocalMessageBus (direct delivery in this process). */
  messageBus?: MessageBusFactory;
}

export interface BrokerHandle {
  /** Load persisted state; after it resolves the broker accepts connections. */
  start(): Promise<void>;
  /** Serve one client connection over any Duplex stream (net.Socket, TLS socket, WebSocket stream). */
  handle(stream: Duplex, meta: ConnectionMeta): void;
  readonly connectionCount: number;
  /** Stop accepting, close every connection (wills of open connections are not published), flush and close persistence. */
  close(): Promise<void>;
}
