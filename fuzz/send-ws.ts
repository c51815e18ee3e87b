// Plays one ConnectionScript over WebSocket: each chunk is one binary frame (packets then span and share
// frames [MQTT-6.0.0-2]); one connection in twenty sends its last chunk as a text frame instead, which
// the broker must answer by closing [MQTT-6.0.0-1]. Never throws, like playScript over TCP.
import WebSocket from 'ws';
import type { ConnectionScript } from './script.ts';
import type { ScriptOutcome } from './send.ts';

export function sendsTextFrame(script: ConnectionScript): boolean {
  return script.index % 20 === 7;
}

export function playScriptWs(url: string, script: ConnectionScript, connectTimeoutMs = 3000, maxMs = script.lingerMs + 10_000): Promise<ScriptOutcome> {
  return new Promise((resolve) => {
    const outcome: ScriptOutcome = { connected: false, closedByBroker: false, bytesReceived: 0 };
    const ws = new WebSocket(url, ['mqtt'], { handshakeTimeout: connectTimeoutMs });
    let finished = false;
    let linger: NodeJS.Timeout | undefined;
    const overall = setTimeout(() => { outcome.error ??= `writes not done within ${maxMs} ms`; finish(); }, maxMs);
    function finish(): void {
      if (finished) return;
      finished = true;
      clearTimeout(linger);
      clearTimeout(overall);
      ws.terminate();
      resolve(outcome);
    }
    ws.on('message', (data: Buffer) => { outcome.bytesReceived += data.length; });
    ws.on('error', (err: NodeJS.ErrnoException) => { outcome.error ??= err.code ?? err.message; });
    ws.on('close', () => { if (!finished) outcome.closedByBroker = outcome.connected; finish(); });
    ws.once('open', () => {
      outcome.connected = true;
      void (async () => {
        const last = script.chunks.length - 1;
        for (const [i, chunk] of script.chunks.entries()) {
          if (finished || ws.readyState !== WebSocket.OPEN) return;
          const binary = !(i === last && sendsTextFrame(script));
          await new Promise<void>((done) => ws.send(chunk, { binary }, () => done()));
        }
        if (!finished) linger = setTimeout(finish, script.lingerMs);
      })();
    });
  });
}
