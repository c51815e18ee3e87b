// MQTT.js connection options as the harness uses them wherever it drives MQTT.js (the reachability
// check, the @interop scenarios): no automatic reconnect, a CONNACK deadline, optional credentials and CA.
import { readFileSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';

export interface MqttJsConnectOptions {
  clientId: string;
  clean: boolean;
  protocolVersion: 4 | 5;
  deadlineMs: number;
  username?: string;
  password?: string;
  caFile?: string;
}

export function mqttJsOptions(options: MqttJsConnectOptions): IClientOptions {
  const clientOptions: IClientOptions = {
    clientId: options.clientId,
    clean: options.clean,
    protocolVersion: options.protocolVersion,
    reconnectPeriod: 0,
    connectTimeout: options.deadlineMs,
    keepalive: 30,
  };
  if (options.username !== undefined) clientOptions.username = options.username;
  if (options.password !== undefined) clientOptions.password = options.password;
  if (options.caFile !== undefined) clientOptions.ca = readFileSync(options.caFile);
  return clientOptions;
}
