// A sandbox host in its own process, for the integration tests: SANDBOX_HOST_OPTIONS (JSON) are
// passed to serveSandboxHost; prints `ready <hostId>` when it answers, closes on SIGTERM.
import { serveSandboxHost } from '../../dist/index.js';

const options = JSON.parse(process.env.SANDBOX_HOST_OPTIONS ?? '{}');
const host = await serveSandboxHost(options);
process.stdout.write(`ready ${host.id}\n`);
process.on('SIGTERM', () => {
  host.close().then(() => process.exit(0));
});
