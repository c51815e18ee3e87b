// Packets a held connection received and has not processed yet (flow control, see
// broker/session/flow-control.ts), in arrival order; a FIFO with O(1) push and shift.
import type { Packet } from 'mqtt-packet';
import { HELD_BYTES_MAX } from '../session/flow-control.ts';

export class HeldInput {
  private packets: Packet[] = [];
  private head = 0;
  private bytes = 0;

  get isEmpty(): boolean {
    return this.head === this.packets.length;
  }

  /** Keep a packet of `size` bytes; true when the held bytes now exceed HELD_BYTES_MAX (stop reading). */
  push(packet: Packet, size: number): boolean {
    this.packets.push(packet);
    this.bytes += size;
    return this.bytes > HELD_BYTES_MAX;
  }

  shift(): Packet | undefined {
    if (this.isEmpty) return undefined;
    const p = this.packets[this.head]!;
    this.packets[this.head++] = undefined as unknown as Packet;
    if (this.isEmpty) this.clear();
    return p;
  }

  clear(): void {
    this.packets = [];
    this.head = 0;
    this.bytes = 0;
  }
}
