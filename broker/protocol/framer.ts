// Cuts a byte stream into whole MQTT control packets using only the fixed header (type byte +
// Remaining Length). The size limit is checked as soon as the Remaining Length is known, before the
// body is buffered. Frames are views into the received chunks when a packet lies within one chunk.
import { MalformedPacketError, PacketTooLargeError } from '../model/errors.ts';

export class Framer {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  /** Total bytes of the frame being assembled, 0 while its header is incomplete. */
  private need = 0;

  constructor(private readonly maxPacketSize: number) {}

  /** Bytes of a partial packet held until the rest arrives (bounded by maxPacketSize). */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /**
   * Add a chunk; call `onFrame` for each complete packet. `onFrame` returns false to stop
   * (the connection closed). Throws MalformedPacketError / PacketTooLargeError.
   */
  push(chunk: Buffer, onFrame: (frame: Buffer) => boolean): void {
    if (this.buffered > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      if (this.need > 0 && this.buffered < this.need) return;
      chunk = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
      this.chunks.length = 0;
      this.buffered = 0;
    }
    let pos = 0;
    const len = chunk.length;
    while (pos < len) {
      const total = this.frameLength(chunk, pos);
      if (total === 0 || pos + total > len) {
        this.need = total;
        // a small tail of a large chunk is copied so that it does not keep the whole chunk alive
        const rest = pos > len / 2 ? Buffer.from(chunk.subarray(pos)) : chunk.subarray(pos);
        this.chunks.push(rest);
        this.buffered = rest.length;
        return;
      }
      this.need = 0;
      if (!onFrame(chunk.subarray(pos, pos + total))) return;
      pos += total;
    }
  }

  /** Whole packet length, or 0 when the fixed header is not complete yet. */
  private frameLength(buf: Buffer, pos: number): number {
    let value = 0;
    let mul = 1;
    for (let i = 1; i <= 4; i++) {
      if (pos + i >= buf.length) return 0;
      const b = buf[pos + i]!;
      value += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) {
        const total = 1 + i + value;
        if (total > this.maxPacketSize) throw new PacketTooLargeError(total, this.maxPacketSize);
        return total;
      }
      mul *= 128;
    }
    throw new MalformedPacketError('Remaining Length longer than 4 bytes'); // section 2.2.3: at most 4 bytes
  }
}
