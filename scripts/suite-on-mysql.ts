// The whole conformance suite against the reference broker on MySQL: a private mariadbd (or the server
// of MQTT_TEST_MYSQL_URL), a fresh database, then `run --broker-arg=--mysql=<url>` — the same command a
// user gives. Exits with the run's code (0: nothing required failed); reports in reports/mysql/.
//   node --import tsx scripts/suite-on-mysql.ts [extra run flags…]
import { runConformance } from '../harness/cli/run-conformance.ts';
import { startTestMysql } from '../broker/persistence/mysql/mariadb-server.ts';

const server = await startTestMysql();
let code = 2;
try {
  const db = await server.createDatabase('suite');
  process.stdout.write(`suite-on-mysql: mariadbd ready in ${Math.round(server.startMs)} ms, database ${db.name}\n`);
  code = await runConformance({
    urls: [], out: 'reports/mysql', baselineExact: false, coverage: false, timeScale: 1,
    brokerArgs: [`--mysql=${db.url}`],
  });
  await db.drop().catch(() => undefined);
} finally {
  await server.stop();
}
process.exitCode = code;
