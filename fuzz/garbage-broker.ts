// A fake broker that answers with garbage, for fuzzing the harness's own probe: after the client's
// first bytes it plays one behaviour chosen by the Rng (random bytes, malformed CONNACKs, huge
// Remaining Lengths trickled slowly, a valid CONNACK followed by mutated packets, silence, resets).
import net from 'node:net';
import mqttPacket from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import { mutate } from './mutate.ts';
import type { Rng } from './rng.ts';

export type GarbageBehaviour =
  | 'random-bytes' | 'malformed-connack' | 'huge-length' | 'connack-then-garbage' | 'mutated-server-packets'
  | 'close-immediately' | 'close-mid-packet' | 'silence' | 'reset';

export const GARBAGE_BEHAVIOURS: readonly GarbageBehaviour[] = [
  'random-bytes', 'malformed-connack', 'huge-length', 'connack-then-garbage', 'mutated-server-packets',
  'close-immediately', 'close-mid-packet', 'silence', 'reset',
];

const MALFORMED_CONNACKS = [
  [0x20, 0x02, 0x02, 0x00], // flags bits 7-1 set
  [0x20, 0x02, 0xff, 0x00],
  [0x20, 0x03, 0x00, 0x00, 0x00], // 3.1.1 CONNACK is exactly 2 bytes
  [0x20, 0x01, 0x00], // too short
  [0x20, 0x00], // empty
  [0x20, 0x02, 0x00, 0x06], // return code beyond 5
  [0x20, 0x02, 0x00, 0xff],
  [0x21, 0x02, 0x00, 0x00], // reserved header flags
  [0x2f, 0x02, 0x00, 0x00],
  [0x20, 0x02, 0x01, 0x00], // session present on a clean session
  [0x20, 0x05, 0x00, 0x00, 0x02, 0x21, 0x00], // v5 properties with a short value
  [0x20, 0x04, 0x00, 0x00, 0x7f, 0xff], // property length 127, nothing after
  [0x20, 0x06, 0x00, 0x00, 0x03, 0x26, 0x00, 0x05], // user property with a string running off the end
  [0x20, 0x82, 0x80, 0x80, 0x00, 0x00, 0x00], // non-minimal Remaining Length
];

const HUGE_HEADERS = [
  [0x30, 0xff, 0xff, 0xff, 0x7f], // PUBLISH of 268,435,455 bytes
  [0x20, 0xff, 0xff, 0xff, 0x7f], // CONNACK of 268,435,455 bytes
  [0x90, 0xff, 0xff, 0xff, 0xff, 0x01], // five-byte Remaining Length
  [0x20, 0x80, 0x80, 0x80, 0x80], // continuation bits forever
];

function serverPackets(rng: Rng, level: 4 | 5): Buffer[] {
  const packets: Packet[] = [
    { cmd: 'connack', returnCode: 0, reasonCode: 0, sessionPresent: false } as Packet,
    { cmd: 'suback', messageId: rng.range(1, 3), granted: [rng.pick([0, 1, 2, 0x80])] } as Packet,
    { cmd: 'publish', topic: rng.pick(['a', 'fz/a', '$SYS/x', '']), payload: rng.bytes(rng.range(0, 64)), qos: rng.int(3) as 0 | 1 | 2, retain: rng.chance(0.3), dup: false, messageId: rng.range(0, 65535) } as Packet,
    { cmd: 'puback', messageId: rng.range(0, 65535) } as Packet,
    { cmd: 'pubrel', messageId: rng.range(0, 65535) } as Packet,
    { cmd: 'pingresp' } as Packet,
    { cmd: 'unsuback', messageId: 1 } as Packet,
    ...(level === 5 ? [{ cmd: 'disconnect', reasonCode: 0x8e } as Packet, { cmd: 'auth', reasonCode: 0x18, properties: { authenticationMethod: 'x' } } as Packet] : []),
  ];
  return packets.map((p) => {
    try {
      return mqttPacket.generate(p, { protocolVersion: level });
    } catch {
      return Buffer.from([0xd0, 0x00]);
    }
  });
}

/** What one fake connection sends after the client's first bytes. */
export interface GarbagePlan {
  behaviour: GarbageBehaviour;
  /** Written in order; then the socket is ended, destroyed or left open as `after` says. */
  writes: Buffer[];
  after: 'end' | 'destroy' | 'reset' | 'open';
  /** Delay between writes (huge-length trickles). */
  gapMs: number;
}

export function planGarbage(rng: Rng, level: 4 | 5): GarbagePlan {
  const behaviour = rng.pick(GARBAGE_BEHAVIOURS);
  const after = rng.pick(['end', 'destroy', 'open'] as const);
  const valid = (): Buffer[] => serverPackets(rng, level);
  switch (behaviour) {
    case 'random-bytes':
      return { behaviour, writes: Array.from({ length: rng.range(1, 4) }, () => rng.bytes(rng.range(1, 512))), after, gapMs: 0 };
    case 'malformed-connack':
      return { behaviour, writes: [Buffer.from(rng.pick(MALFORMED_CONNACKS)), ...(rng.chance(0.5) ? [rng.bytes(rng.range(1, 16))] : [])], after, gapMs: 0 };
    case 'huge-length':
      return { behaviour, writes: [Buffer.from(rng.pick(HUGE_HEADERS)), ...Array.from({ length: rng.range(1, 20) }, () => Buffer.alloc(rng.pick([1, 100, 16_384, 65_536]), 0x61))], after, gapMs: rng.pick([0, 5, 20]) };
    case 'connack-then-garbage': {
      const rest = valid();
      return { behaviour, writes: [Buffer.from([0x20, 0x02, 0x00, 0x00]), ...Array.from({ length: rng.range(1, 6) }, () => mutate(rng, rng.pick(rest), rng.pick(rest)).bytes)], after, gapMs: 0 };
    }
    case 'mutated-server-packets': {
      const all = valid();
      return { behaviour, writes: Array.from({ length: rng.range(1, 8) }, () => (rng.chance(0.3) ? rng.pick(all) : mutate(rng, rng.pick(all), rng.pick(all)).bytes)), after, gapMs: 0 };
    }
    case 'close-immediately':
      return { behaviour, writes: [], after: rng.pick(['end', 'destroy'] as const), gapMs: 0 };
    case 'close-mid-packet':
      return { behaviour, writes: [Buffer.from([0x20, 0x02, 0x00])], after: 'end', gapMs: 0 };
    case 'silence':
      return { behaviour, writes: [], after: 'open', gapMs: 0 };
    case 'reset':
      return { behaviour, writes: rng.chance(0.5) ? [Buffer.from([0x20, 0x02])] : [], after: 'reset', gapMs: 0 };
  }
}

/** A TCP server on a free loopback port; `nextPlan` gives the plan of each accepted connection. */
export class GarbageBroker {
  private readonly sockets = new Set<net.Socket>();
  private constructor(private readonly server: net.Server, readonly url: string) {}

  static async start(nextPlan: () => GarbagePlan): Promise<GarbageBroker> {
    const server = net.createServer();
    const broker = await new Promise<GarbageBroker>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        resolve(new GarbageBroker(server, `mqtt://127.0.0.1:${port}`));
      });
    });
    server.on('connection', (socket) => broker.play(socket, nextPlan()));
    return broker;
  }

  private play(socket: net.Socket, plan: GarbagePlan): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    socket.once('data', () => {
      void (async () => {
        for (const w of plan.writes) {
          if (socket.destroyed) return;
          socket.write(w);
          if (plan.gapMs > 0) await new Promise((r) => setTimeout(r, plan.gapMs));
        }
        if (plan.after === 'end') socket.end();
        else if (plan.after === 'destroy') socket.destroy();
        else if (plan.after === 'reset') socket.resetAndDestroy();
      })();
    });
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
