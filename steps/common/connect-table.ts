// The key/value table of "client X sends CONNECT with:". Keys:
// client id (a literal; "<empty>" for zero length; "<same as NAME>" for another client's id),
// clean session, keep alive, username, password, will topic, will payload, will qos, will retain,
// protocol name, protocol level, anonymous.
import type { DataTable } from '@cucumber/cucumber';
import type { ConformanceWorld, ConnectOptions } from '../support/world.ts';

export function parseConnectTable(world: ConformanceWorld, table: DataTable): ConnectOptions {
  const options: ConnectOptions = {};
  let will: { topic?: string; payload?: string; qos?: number; retain?: boolean } | undefined;
  for (const [rawKey, rawValue] of table.raw()) {
    const key = (rawKey ?? '').trim().toLowerCase();
    const value = (rawValue ?? '').trim();
    switch (key) {
      case 'client id':
        options.clientId = value === '<empty>' ? '' : value.startsWith('<same as ') ? world.clientId(value.slice(9, -1)) : value;
        break;
      case 'clean session':
        options.clean = parseBool(key, value);
        break;
      case 'keep alive':
        options.keepalive = Number(value);
        break;
      case 'username':
        options.username = resolveCredential(world, value, 'username');
        break;
      case 'password':
        options.password = Buffer.from(resolveCredential(world, value, 'password'));
        break;
      case 'will topic':
        will = { ...will, topic: world.topic(value) };
        break;
      case 'will payload':
        will = { ...will, payload: value };
        break;
      case 'will qos':
        will = { ...will, qos: Number(value) };
        break;
      case 'will retain':
        will = { ...will, retain: parseBool(key, value) };
        break;
      case 'protocol name':
        options.protocolId = value;
        break;
      case 'protocol level':
        options.protocolVersion = Number(value);
        break;
      case 'anonymous':
        options.anonymous = parseBool(key, value);
        break;
      default:
        throw new Error(`unknown CONNECT table key "${rawKey}"`);
    }
  }
  if (will !== undefined) {
    if (will.topic === undefined) throw new Error('a will needs a "will topic" row');
    options.will = { topic: will.topic, payload: Buffer.from(will.payload ?? ''), qos: (will.qos ?? 0) as 0 | 1 | 2, retain: will.retain ?? false };
    if (will.retain === true) world.retainedTopics.add(will.topic);
  }
  return options;
}

/** "<valid>" and "<wrong>" stand for the profile's credentials and a wrong password. */
function resolveCredential(world: ConformanceWorld, value: string, field: 'username' | 'password'): string {
  const auth = world.target.profile.auth;
  if (value === '<valid>') {
    if (auth === undefined) throw new Error('the profile gives no credentials (tag the scenario @auth)');
    return auth[field];
  }
  if (value === '<wrong>') return `${auth?.[field] ?? 'x'}-wrong`;
  return value;
}

function parseBool(key: string, value: string): boolean {
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no)$/i.test(value)) return false;
  throw new Error(`"${key}" takes true/false or 1/0, got "${value}"`);
}
