// Run the broker's commands directly: `node --import tsx broker/cli/main.ts broker --port 0 --memory`
// or `… main.ts adduser --users-file users.json --username u`. (The harness's `mqtt-conformance`
// entry routes its `broker` and `adduser` subcommands to the same functions.)
import { adduserMain } from './adduser-main.ts';
import { brokerMain } from './broker-main.ts';

const [command, ...rest] = process.argv.slice(2);
let code: number;
switch (command) {
  case 'broker': code = await brokerMain(rest); break;
  case 'adduser': code = await adduserMain(rest); break;
  default:
    process.stderr.write(`usage: main.ts broker [flags] | adduser [flags] (got ${JSON.stringify(command ?? '')}; try "broker --help")\n`);
    code = 2;
}
// A stopped broker may leave unref'd handles behind; the exit code is decided, so exit now.
process.exit(code);
