// A minimal MQTT 3.1.1 client over TCP for the witnesses: CONNECT and wait for CONNACK, send packets,
// receive parsed packets, and tell when the broker closed the connection. Raw mqtt-packet, so the
// witness sees exactly what the broker sends (no client-side retries hiding a loss).
import net from 'node:net';
import mqttPacket from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import type { Endpoint } from './send.ts';

export class WitnessConnectError extends Error {
  override readonly name = 'WitnessConnectError';
  constructor(readonly clientId: string, readonly reason: string) {
    super(`witness ${clientId} could not connect: ${reason}`);
  }
}

export class MqttClient {
  onPacket: (packet: Packet) => void = () => undefined;
  onClose: (reason: string) => void = () => undefined;
  private closedByUs = false;
  private closeReason = '';

  private constructor(private readonly socket: net.Socket, readonly clientId: string) {
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (p: Packet) => this.onPacket(p));
    parser.on('error', (e: Error) => { this.closeReason ||= `unparseable bytes from the broker: ${e.message}`; socket.destroy(); });
    socket.on('data', (chunk: Buffer) => parser.parse(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => { this.closeReason ||= e.code ?? e.message; });
    socket.on('close', () => { if (!this.closedByUs) this.onClose(this.closeReason || 'closed by the broker'); });
  }

  static connect(endpoint: Endpoint, clientId: string, deadlineMs: number): Promise<MqttClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: endpoint.host, port: endpoint.port, noDelay: true });
      const client = new MqttClient(socket, clientId);
      const timer = setTimeout(() => { socket.destroy(); reject(new WitnessConnectError(clientId, `no CONNACK within ${deadlineMs} ms`)); }, deadlineMs);
      client.onClose = (reason) => { clearTimeout(timer); reject(new WitnessConnectError(clientId, reason)); };
      client.onPacket = (p) => {
        clearTimeout(timer);
        client.onClose = () => undefined;
        client.onPacket = () => undefined;
        if (p.cmd === 'connack' && p.returnCode === 0) resolve(client);
        else { socket.destroy(); reject(new WitnessConnectError(clientId, `expected CONNACK 0, got ${p.cmd} ${JSON.stringify((p as { returnCode?: number }).returnCode)}`)); }
      };
      socket.once('connect', () => client.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId, keepalive: 0 }));
    });
  }

  send(packet: Packet): void {
    if (!this.socket.destroyed) this.socket.write(mqttPacket.generate(packet, { protocolVersion: 4 }));
  }

  get writableLength(): number {
    return this.socket.writableLength;
  }

  close(): void {
    this.closedByUs = true;
    this.socket.destroy();
  }
}
