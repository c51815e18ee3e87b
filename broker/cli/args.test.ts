import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgsError, parseAdduserArgs, parseBrokerArgs } from './args.ts';
import { applyFlags } from './apply-flags.ts';
import { validateConfig } from '../config/validate.ts';

function refused(fn: () => unknown, flag: string, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof ArgsError && err.flag === flag && pattern.test(err.message));
}

test('broker flags: both spellings, values checked', () => {
  assert.deepEqual(parseBrokerArgs(['--port', '0', '--memory', '--log-level=warn', '--host', '::1']), {
    help: false, version: false, memory: true, port: 0, logLevel: 'warn', host: '::1',
  });
  assert.equal(parseBrokerArgs(['--data=/tmp/x']).data, '/tmp/x');
  assert.equal(parseBrokerArgs(['--sys-interval', '0']).sysIntervalMs, 0);
  refused(() => parseBrokerArgs(['--prot', '1']), '--prot', /unknown flag; known flags: --config, --host, --port/);
  refused(() => parseBrokerArgs(['--port', 'x']), '--port', /expected a port number 0\.\.65535 .*got "x"/);
  refused(() => parseBrokerArgs(['--port', '65536']), '--port', /expected a port number/);
  refused(() => parseBrokerArgs(['--port']), '--port', /needs a value/);
  refused(() => parseBrokerArgs(['--memory', '--data', 'd']), '--memory', /cannot be combined with --data/);
  refused(() => parseBrokerArgs(['--log-level', 'loud']), '--log-level', /expected one of debug, info, warn, error/);
  refused(() => parseBrokerArgs(['--memory=yes']), '--memory', /takes no value/);
  refused(() => parseBrokerArgs(['--port', '1', '--port', '2']), '--port', /given twice/);
  refused(() => parseBrokerArgs(['serve']), 'serve', /unexpected argument/);
  assert.equal(parseBrokerArgs(['--mysql', 'mysql://u:p@h:3306/db']).mysql, 'mysql://u:p@h:3306/db');
  refused(() => parseBrokerArgs(['--mysql', 'mysql://u:pw@h']), '--mysql', /^--mysql: mysql:\/\/u:\*\*\*@h: no database name/);
  refused(() => parseBrokerArgs(['--mysql', 'not a url :pw@']), '--mysql', /is not a URL/);
  refused(() => parseBrokerArgs(['--memory', '--mysql', 'mysql://u:p@h/db']), '--mysql', /cannot be combined with --memory/);
});

test('flags override the config: first tcp listener, persistence, log level', () => {
  const config = validateConfig({
    listeners: [{ type: 'ws', port: 8080 }, { type: 'tcp', host: '0.0.0.0', port: 1883 }, { type: 'tcp', port: 1884 }],
    persistence: { kind: 'memory' },
  }, { baseDir: '/cfg' });
  const applied = applyFlags(config, parseBrokerArgs(['--port', '0', '--data', 'd', '--log-level', 'debug']), '/cwd');
  assert.deepEqual(applied.listeners.map((l) => [l.type, l.host, l.port]), [['ws', '127.0.0.1', 8080], ['tcp', '0.0.0.0', 0], ['tcp', '127.0.0.1', 1884]]);
  assert.deepEqual(applied.persistence, { kind: 'sqlite', dir: '/cwd/d' });
  assert.equal(applied.log.level, 'debug');
  const wsOnly = validateConfig({ listeners: [{ type: 'ws', port: 8080 }] }, { baseDir: '/cfg' });
  assert.deepEqual(applyFlags(wsOnly, parseBrokerArgs(['--port', '0']), '/').listeners.map((l) => l.type), ['tcp', 'ws']);
  assert.deepEqual(applyFlags(config, parseBrokerArgs(['--memory']), '/').persistence, { kind: 'memory' });
  assert.deepEqual(applyFlags(config, parseBrokerArgs(['--mysql', 'mysql://u:p@h/db']), '/').persistence, { kind: 'mysql', url: 'mysql://u:p@h/db' });
});

test('adduser flags', () => {
  assert.deepEqual(parseAdduserArgs(['--users-file', 'u.json', '--username', 'bob', '--password', 'pw']), { help: false, usersFile: 'u.json', username: 'bob', password: 'pw' });
  refused(() => parseAdduserArgs(['--username', 'bob']), '--users-file', /give --users-file FILE or --config FILE/);
  refused(() => parseAdduserArgs(['--users-file', 'u.json']), '--username', /missing/);
  refused(() => parseAdduserArgs(['--users-file', 'u', '--config', 'c', '--username', 'x']), '--users-file', /cannot be combined/);
});

test('metrics flags: a port turns the endpoint on, a host alone is refused', () => {
  const args = parseBrokerArgs(['--metrics-port', '0', '--metrics-host', '127.0.0.2']);
  assert.equal(args.metricsPort, 0);
  const config = applyFlags(validateConfig({}, { baseDir: '/' }), args, '/');
  assert.deepEqual(config.metrics, { port: 0, host: '127.0.0.2' });
  refused(() => parseBrokerArgs(['--metrics-host', 'h']), '--metrics-host', /needs --metrics-port/);
  refused(() => parseBrokerArgs(['--metrics-port', '70000']), '--metrics-port', /port number/);
});
