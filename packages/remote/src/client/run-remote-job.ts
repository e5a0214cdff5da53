import {
  InterpreterClosedError,
  type OutputChunk,
  RunAbortedError,
  SandboxError,
  type SandboxTools,
} from '@code-interpreter/core';
import { createInbox, nuid } from '@nats-io/transport-node';
import { SandboxHostLostError } from '../errors/sandbox-host-lost-error';
import {
  type CancelRequest,
  decodeMessage,
  encodeMessage,
  type JobMessage,
  type JobRequest,
  protocolVersion,
} from '../protocol/messages';
import { fromWireError } from '../protocol/wire-error';
import { answerToolCalls, type JobToolCalls } from './answer-tool-calls';
import type { RemoteContext } from './remote-context';
import { backoffMs, deniedError, requestHost, sleep } from './request-host';

/** Where a job goes: any host of the queue group, or the host that holds its session. */
export type JobTarget = { shared: true } | { hostId: string; sessionId: string };

export interface RemoteJob {
  target: JobTarget;
  kind: JobRequest['kind'];
  input: JobRequest['input'];
  files?: JobRequest['files'];
  network?: JobRequest['network'];
  /** The job's own time limit, in ms (the client waits this plus `deadlineMarginMs`). */
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput?: (chunk: OutputChunk) => void;
  /** The tools the job's code may call, run in this process (interpreter's, session's, job's). */
  tools?: SandboxTools;
}

/**
 * Runs one job on a host: offers it until a host accepts it (a shared job is offered again after
 * "busy", no responders or no answer, until `queueTimeoutMs`), then waits for its output and
 * result while watching the host's heartbeats, the deadline, the caller's abort and the
 * interpreter's close.
 */
export async function runRemoteJob<T>(context: RemoteContext, job: RemoteJob): Promise<T> {
  const { nc, subjects } = context;
  const stop = () => {
    if (context.closed.aborted) return new InterpreterClosedError();
    if (job.signal?.aborted) return new RunAbortedError({ reason: job.signal.reason });
    return undefined;
  };
  const lost = (hostId: string, reason: string) =>
    new SandboxHostLostError({
      hostId,
      reason,
      ...('sessionId' in job.target ? { sessionId: job.target.sessionId } : {}),
    });

  const queueDeadline = Date.now() + context.queueTimeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    const stopped = stop();
    if (stopped) throw stopped;
    const runId = nuid.next();
    const inbox = createInbox(context.inboxPrefix);
    const subscription = nc.subscribe(inbox);
    const request: JobRequest = {
      v: protocolVersion,
      runId,
      inbox,
      heartbeatMs: context.heartbeatIntervalMs,
      kind: job.kind,
      input: job.input,
      ...('sessionId' in job.target ? { sessionId: job.target.sessionId } : {}),
      ...(job.files === undefined ? {} : { files: job.files }),
      ...(job.network === undefined ? {} : { network: job.network }),
      ...(job.onOutput === undefined ? { stream: false } : {}),
      ...(job.tools === undefined ? {} : { tools: Object.keys(job.tools) }),
    };
    const subject =
      'hostId' in job.target
        ? job.kind === 'exec'
          ? subjects.sessionExec(job.target.hostId)
          : subjects.sessionRun(job.target.hostId)
        : subjects.run;
    const answer = await requestHost(nc, subject, request, context.requestTimeoutMs);
    if (answer.t === 'accepted') {
      return await follow<T>(context, job, { runId, hostId: answer.hostId, subscription }, lost);
    }
    subscription.unsubscribe();
    if (answer.t === 'error') throw fromWireError(answer.error, answer.hostId);
    if (answer.t === 'denied') throw deniedError(answer);
    if ('hostId' in job.target && answer.t !== 'busy') {
      throw lost(
        job.target.hostId,
        answer.t === 'no-responders'
          ? 'nothing answers on its subjects'
          : `no answer within ${context.requestTimeoutMs} ms`,
      );
    }
    if (Date.now() >= queueDeadline) {
      throw new SandboxError({
        message: `No sandbox host took the ${job.kind} within ${context.queueTimeoutMs} ms (last answer: ${answer.t}): start hosts with serveSandboxHost (or \`code-interpreter host\`) on subject prefix ${subjects.run.replace(/\.run$/, '')}, or raise queueTimeoutMs.`,
      });
    }
    await sleep(backoffMs(attempt));
  }
}

function follow<T>(
  context: RemoteContext,
  job: RemoteJob,
  accepted: {
    runId: string;
    hostId: string;
    subscription: ReturnType<RemoteContext['nc']['subscribe']>;
  },
  lost: (hostId: string, reason: string) => SandboxHostLostError,
): Promise<T> {
  const { runId, hostId, subscription } = accepted;
  const deadline = Date.now() + job.timeoutMs + context.deadlineMarginMs;
  let lastHeard = Date.now();
  const toolCalls: JobToolCalls | undefined =
    job.tools === undefined
      ? undefined
      : answerToolCalls(context, { hostId, runId, tools: job.tools });
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (error: Error | undefined, value?: T) => {
      if (done) return;
      done = true;
      clearInterval(watchdog);
      toolCalls?.finish();
      job.signal?.removeEventListener('abort', onAbort);
      context.closed.removeEventListener('abort', onClose);
      subscription.unsubscribe();
      if (error) reject(error);
      else resolve(value as T);
    };
    const cancel = () => {
      try {
        context.nc.publish(
          context.subjects.cancel(hostId),
          encodeMessage({ runId } satisfies CancelRequest),
        );
      } catch {}
    };
    const onAbort = () => {
      cancel();
      finish(new RunAbortedError({ reason: job.signal?.reason }));
    };
    const onClose = () => {
      cancel();
      finish(new InterpreterClosedError());
    };
    const watchdog = setInterval(
      () => {
        const now = Date.now();
        if (now - lastHeard > context.hostLostAfterMs) {
          finish(
            lost(hostId, `nothing heard for ${now - lastHeard} ms while it ran the ${job.kind}`),
          );
        } else if (now > deadline) {
          cancel();
          finish(
            new SandboxError({
              message: `Sandbox host ${hostId} sent no result within the ${job.kind}'s time limit (${job.timeoutMs} ms) plus ${context.deadlineMarginMs} ms; it was asked to stop it.`,
            }),
          );
        }
      },
      Math.min(250, Math.max(20, context.hostLostAfterMs / 4)),
    );
    if (job.signal?.aborted) return onAbort();
    if (context.closed.aborted) return onClose();
    job.signal?.addEventListener('abort', onAbort, { once: true });
    context.closed.addEventListener('abort', onClose, { once: true });
    void (async () => {
      for await (const raw of subscription) {
        lastHeard = Date.now();
        let message: JobMessage;
        try {
          message = decodeMessage<JobMessage>(raw.data);
        } catch {
          continue;
        }
        if (message.runId !== runId) continue;
        if (message.t === 'output') {
          try {
            job.onOutput?.(message.chunk);
          } catch {}
        } else if (message.t === 'tool-call' || message.t === 'tool-cancel') {
          toolCalls?.handle(message);
        } else if (message.t === 'result') {
          finish(undefined, message.result as T);
        } else if (message.t === 'error') {
          finish(fromWireError(message.error, hostId));
        }
      }
    })();
  });
}
