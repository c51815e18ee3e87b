// Test support: one mosquitto per test file and a FaultProxy per test in front of one of its listeners.
import { after, before } from 'node:test';
import { FaultProxy } from '../fault-proxy.ts';
import { findFault } from '../faults/index.ts';
import { startMosquitto } from './mosquitto.ts';
import type { Mosquitto } from './mosquitto.ts';

export interface ProxyFixture {
  readonly broker: Mosquitto;
  /** Starts a proxy with the named fault in front of a mosquitto listener; stopped after the file. */
  proxy(fault: string, listener?: keyof Mosquitto['ports']): Promise<FaultProxy>;
}

export function useMosquitto(): ProxyFixture {
  let broker: Mosquitto | undefined;
  const proxies: FaultProxy[] = [];
  before(async () => {
    broker = await startMosquitto();
  });
  after(async () => {
    for (const proxy of proxies) await proxy.stop();
    await broker?.stop();
  });
  return {
    get broker(): Mosquitto {
      if (broker === undefined) throw new Error('mosquitto not started yet');
      return broker;
    },
    async proxy(fault, listener = 'open') {
      const ports = this.broker.ports;
      const proxy = await new FaultProxy({ upstream: `mqtt://127.0.0.1:${ports[listener]}`, fault: findFault(fault) }).start();
      proxies.push(proxy);
      return proxy;
    },
  };
}

let counter = 0;
/** A topic and client-id prefix unique to this process and call. */
export function unique(name: string): string {
  return `${name}-${process.pid}-${++counter}`;
}
