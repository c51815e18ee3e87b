// Checks that a target URL answers an MQTT CONNECT with a CONNACK within a deadline, and says
// what happened otherwise (ECONNREFUSED, timeout, TLS error, CONNACK return code…).
import mqtt from 'mqtt';
import { mqttJsOptions } from '../probe/mqttjs-options.ts';

export interface ReachabilityOptions {
  deadlineMs: number;
  username?: string;
  password?: string;
  caFile?: string;
  clientId?: string;
}

export interface Reachability {
  url: string;
  ok: boolean;
  /** What happened: "CONNACK accepted in 12 ms", "ECONNREFUSED", "no CONNACK within 5000 ms"… */
  detail: string;
  elapsedMs: number;
}

export async function checkReachable(url: string, options: ReachabilityOptions): Promise<Reachability> {
  const started = Date.now();
  const clientOptions = mqttJsOptions({
    ...options,
    clientId: options.clientId ?? `mqttc-reach-${Math.random().toString(36).slice(2, 10)}`,
    clean: true,
    protocolVersion: 4,
  });
  return await new Promise<Reachability>((resolve) => {
    let settled = false;
    let client: mqtt.MqttClient | undefined;
    const finish = (ok: boolean, detail: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Only our own listeners go: MQTT.js clears its CONNACK timer in a 'close' listener of its own.
      client?.off('connect', onConnect).off('error', onError).off('close', onClose);
      client?.on('error', () => undefined);
      client?.end(true);
      resolve({ url, ok, detail, elapsedMs: Date.now() - started });
    };
    const onConnect = (): void => finish(true, `CONNACK accepted in ${Date.now() - started} ms`);
    const onError = (error: Error): void => finish(false, describeError(error));
    const onClose = (): void => finish(false, 'connection closed before a CONNACK arrived');
    const timer = setTimeout(() => finish(false, `no CONNACK within ${options.deadlineMs} ms (timeout)`), options.deadlineMs);
    try {
      client = mqtt.connect(url, clientOptions);
    } catch (error) {
      finish(false, describeError(error));
      return;
    }
    client.on('connect', onConnect).on('error', onError).on('close', onClose);
  });
}

function describeError(error: unknown): string {
  const e = error as { code?: unknown; message?: string };
  if (typeof e.code === 'number') return `CONNACK refused with return code ${e.code} (${e.message ?? ''})`;
  if (typeof e.code === 'string') {
    const hint = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(e.code)
      ? ' — a TLS error: give the CA that signed the server certificate with --ca FILE'
      : e.code === 'ECONNREFUSED' ? ' — nothing listens there' : '';
    return `${e.code}: ${e.message ?? ''}${hint}`.trim();
  }
  return e.message ?? String(error);
}
