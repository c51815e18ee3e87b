// TLS settings shared by the tls and wss listeners: TLS 1.2 at least (set explicitly, whatever the
// OpenSSL default), and optional client certificates. With `clientCa` set the server asks for a
// certificate; a client that presents one signed by that CA is known by the certificate's CN (used as
// its username for the ACL, no password needed); one that presents a certificate the CA does not
// verify is closed at once; with `requireClientCert` a client without a certificate fails the handshake.
import { readFileSync } from 'node:fs';
import type { TLSSocket, TlsOptions } from 'node:tls';
import type { Logger } from '../model/contracts.ts';

export const TLS_MIN_VERSION = 'TLSv1.2';

/** Client-certificate settings of a tls or wss listener (beside cert, key and ca). */
export interface ClientCertConfig {
  /** PEM file of the CA that signs client certificates; setting it asks clients for a certificate. */
  clientCa?: string;
  /** Refuse the handshake of a client without a valid certificate (default false: optional). */
  requireClientCert?: boolean;
}

export interface ServerTlsFiles extends ClientCertConfig {
  cert: string;
  key: string;
  ca?: string;
}

export function serverTlsOptions(config: ServerTlsFiles): TlsOptions {
  const ca: Buffer[] = [];
  if (config.ca) ca.push(readFileSync(config.ca));
  if (config.clientCa) ca.push(readFileSync(config.clientCa));
  return {
    cert: readFileSync(config.cert),
    key: readFileSync(config.key),
    ...(ca.length > 0 ? { ca } : {}),
    minVersion: TLS_MIN_VERSION,
    ...(config.clientCa ? { requestCert: true, rejectUnauthorized: config.requireClientCert === true } : {}),
  };
}

/**
 * The client's identity from its certificate: `{ certificateCn }` when a verified certificate has a
 * CN, `{}` when it presented none (or the listener asks for none), null when it presented one that
 * was not verified (the caller closes the socket, logged here).
 */
export function peerIdentity(socket: TLSSocket, logger: Logger, transport: string): { certificateCn?: string } | null {
  const cert = socket.getPeerCertificate();
  if (cert === null || Object.keys(cert).length === 0) return {};
  if (!socket.authorized) {
    logger.log('warn', 'tls.client-cert-rejected', { remoteAddress: socket.remoteAddress, transport, error: String(socket.authorizationError) });
    return null;
  }
  const cn = cert.subject?.CN;
  const value = Array.isArray(cn) ? cn[0] : cn;
  return value ? { certificateCn: value } : {};
}
