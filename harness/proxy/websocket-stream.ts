// A WebSocket as a byte stream for the proxy: binary messages become the stream's data, writes go
// out as binary frames (MQTT over WebSocket, [MQTT-6.0.0-1]). Text messages are not stream data:
// they go to `onText` (the proxy forwards them as text frames, or a fault decides), so a broker's
// reaction to a text frame stays observable through the proxy.
import { Duplex } from 'node:stream';
import type WebSocket from 'ws';

export class WebSocketStream extends Duplex {
  /** Receives each binary message before it becomes stream data; returns the bytes to push (or none). */
  onBinary: (data: Buffer) => Buffer | undefined = (data) => data;
  /** Receives each text message (default: ignored). */
  onText: (data: Buffer) => void = () => undefined;

  constructor(readonly socket: WebSocket) {
    super();
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      if (!isBinary) return this.onText(bytes);
      const out = this.onBinary(bytes);
      if (out !== undefined && out.length > 0) this.push(out);
    });
    socket.on('error', (error: Error) => this.destroy(error));
    socket.on('close', () => {
      this.push(null);
      this.destroy();
    });
  }

  /** Sends one text frame. */
  sendText(data: Buffer): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(data, { binary: false });
  }

  override _read(): void {
    // Messages are pushed as they arrive; WebSocket flow control is left to TCP.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.socket.readyState !== this.socket.OPEN) return done();
    this.socket.send(chunk, { binary: true }, (error) => done(error ?? null));
  }

  override _final(done: (error?: Error | null) => void): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.close(1000);
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    if (this.socket.readyState !== this.socket.CLOSED) this.socket.terminate();
    done(error);
  }
}
