// A client process of the fleet test: FLEET_RUNS runs (stateless, hostile and session steps) over
// FLEET_LANES lanes on one createRemoteCodeInterpreter, each outcome checked against its expected
// value. Prints `progress <n>` lines, then one `report <json>` line, and exits.
import {
  createRemoteCodeInterpreter,
  SandboxHostLostError,
} from '../../../packages/remote/dist/index.js';
import { sessionStep, workItem } from './fleet-workload.mjs';

const client = Number(process.env.FLEET_CLIENT);
const runs = Number(process.env.FLEET_RUNS);
const lanes = Number(process.env.FLEET_LANES);
const sessionLength = 20;

const interpreter = await createRemoteCodeInterpreter({
  servers: process.env.FLEET_NATS,
  heartbeatIntervalMs: 250,
  hostLostAfterMs: 3_000,
  queueTimeoutMs: 60_000,
  connectionOptions: { reconnectTimeWait: 100 },
});

const report = {
  client,
  completed: 0,
  byKind: {},
  wrong: [],
  unexpectedErrors: [],
  lostRuns: [],
  // Runs whose sandbox process crashed under them (a typed, reported failure, not a wrong output).
  crashed: [],
  // Hostile runs the remote client ended itself: no result by their time limit plus its margin
  // (a known fault of a JavaScript memory bomb on a starved host; the bound is what stops them).
  overran: [],
  lostSessions: [],
  sessionsOpened: 0,
  lostSessionsStayLost: 0,
};
/** A run that failed because its sandbox process crashed, and says so. */
const crashedCleanly = (result) =>
  result.success === false && result.errorInfo?.name === 'SandboxCrashedError';
let next = 0;
let done = 0;
const describe = (error) => ({
  name: error?.name,
  message: String(error?.message).slice(0, 300),
  hostId: error?.hostId,
  sessionId: error?.sessionId,
});
const progress = () => {
  done += 1;
  if (done % 25 === 0) process.stdout.write(`progress ${done}\n`);
};

async function lane(laneIndex) {
  const language =
    laneIndex === lanes - 1 ? 'python' : laneIndex % 3 === 2 ? 'typescript' : 'javascript';
  let session;
  let sum = 0;
  let steps = 0;
  const openSession = () => {
    session = interpreter.createSession();
    sum = 0;
    steps = 0;
    report.sessionsOpened += 1;
  };
  for (let n = next++; n < runs; n = next++) {
    const item = workItem(client, n);
    if (item.kind === 'session') {
      if (!session || steps === sessionLength) {
        await session?.close();
        openSession();
      }
      try {
        const result = await session.run(sessionStep(language, n));
        // A reset session says so: its sum starts again (from this run when it ran on fresh state).
        if (result.sessionReset?.when === 'before-this-run') sum = 0;
        steps += 1;
        const kind = `session-${language}`;
        if (result.sessionReset?.when === 'this-run' && crashedCleanly(result)) {
          sum = 0;
          report.crashed.push({ n, kind, hostId: session.hostId });
        } else {
          sum += n;
          const problem =
            result.success && result.stdout === `${sum}\n`
              ? undefined
              : `session ${session.id} on ${session.hostId}, step ${steps}: expected ${sum}, got ${JSON.stringify({ stdout: result.stdout, success: result.success, error: result.error, sessionReset: result.sessionReset })}`;
          if (problem) report.wrong.push({ n, kind, problem });
          else report.completed += 1;
        }
        report.byKind[kind] = (report.byKind[kind] ?? 0) + 1;
      } catch (error) {
        if (SandboxHostLostError.isInstance(error) && error.sessionId === session.id) {
          report.lostSessions.push({
            n,
            hostId: error.hostId,
            sessionId: session.id,
            sessionHost: session.hostId,
          });
          // The session stays lost: its state was on the host.
          try {
            await session.run(sessionStep(language, 0));
          } catch (again) {
            if (SandboxHostLostError.isInstance(again) && again.sessionId === session.id)
              report.lostSessionsStayLost += 1;
          }
          await session.close();
          session = undefined;
        } else {
          report.unexpectedErrors.push({ n, kind: 'session', ...describe(error) });
        }
      }
    } else {
      try {
        const result = await interpreter.run(item.input);
        const problem = item.check(result);
        if (problem && crashedCleanly(result)) {
          report.crashed.push({ n, kind: item.kind });
        } else if (problem) {
          report.wrong.push({ n, kind: item.kind, problem: `${problem} (${result.error})` });
        } else report.completed += 1;
        report.byKind[item.kind] = (report.byKind[item.kind] ?? 0) + 1;
      } catch (error) {
        if (SandboxHostLostError.isInstance(error) && error.sessionId === undefined) {
          report.lostRuns.push({ n, kind: item.kind, hostId: error.hostId });
        } else if (
          item.kind === 'hostile' &&
          /sent no result within the run's time limit/.test(String(error?.message))
        ) {
          report.overran.push({ n, kind: item.kind, message: error.message });
        } else {
          report.unexpectedErrors.push({ n, kind: item.kind, ...describe(error) });
        }
      }
    }
    progress();
  }
  await session?.close();
}

await Promise.all(Array.from({ length: lanes }, (_, index) => lane(index)));
await interpreter.close();
process.stdout.write(`report ${JSON.stringify(report)}\n`);
