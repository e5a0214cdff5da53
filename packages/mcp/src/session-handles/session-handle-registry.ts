import { createHash, randomBytes } from 'node:crypto';
import type { CodeInterpreterToolRunner } from '@code-interpreter/core';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { describeIdleTime } from './describe-idle-time';
import type { SessionHandleOptions } from './session-handle-options';

/** How many ended handles are remembered, to say "expired" rather than "unknown". */
const rememberedEnded = 1000;

interface OpenSession {
  runner: CodeInterpreterToolRunner;
  owner: string;
  lastUsed: number;
  running: number;
}

/** A session open for a caller, held for one call: `release()` when the call ends. */
export interface HeldSession {
  runner: CodeInterpreterToolRunner;
  release(): void;
}

/** The sessions minted as handles, shared by every MCP server that serves them. */
export interface SessionHandleRegistry {
  readonly idleTimeoutMs: number;
  /** A new session's handle, or the reason none can be opened now. */
  open(authInfo: AuthInfo | undefined): { handle: string } | { error: string };
  /** The session a handle names, for this caller, or the tool error to answer. */
  hold(handle: string, authInfo: AuthInfo | undefined): HeldSession | { error: string };
  /** Ends a session (its sandbox freed); the tool error when it is not open for this caller. */
  close(handle: string, authInfo: AuthInfo | undefined): Promise<{ error: string } | undefined>;
  /** Number of sessions open. */
  size(): number;
  /** Ends every session and stops the idle sweep. */
  closeAll(): Promise<void>;
}

/**
 * Who a handle belongs to: the token's digest (never the token), or '' without authentication. A
 * handle is never a credential: another caller's handle is answered as unknown.
 */
function ownerOf(authInfo: AuthInfo | undefined): string {
  if (!authInfo) return '';
  return createHash('sha256').update(`${authInfo.clientId}\0${authInfo.token}`).digest('hex');
}

/** Creates the registry; `createRunner` gives each new session its runner (with `session: true`). */
export function createSessionHandleRegistry(
  createRunner: () => CodeInterpreterToolRunner,
  options: SessionHandleOptions & {
    log?: (level: 'info' | 'error', message: string) => void;
  } = {},
): SessionHandleRegistry {
  const { idleTimeoutMs = 30 * 60_000, maxOpen = 50, log = () => {} } = options;
  const open = new Map<string, OpenSession>();
  const ended = new Map<string, { why: string; owner: string }>();

  const end = async (handle: string, why: string) => {
    const session = open.get(handle);
    if (!session) return;
    open.delete(handle);
    ended.set(handle, { why, owner: session.owner });
    if (ended.size > rememberedEnded) ended.delete(ended.keys().next().value as string);
    await session.runner.close().catch((error: unknown) => {
      log('error', `Closing session ${handle} failed: ${String(error)}`);
    });
  };
  const sweepIdle = () => {
    const now = Date.now();
    for (const [handle, session] of open) {
      if (session.running === 0 && now - session.lastUsed > idleTimeoutMs) {
        log('info', `Session ${handle} was idle too long and was closed`);
        void end(handle, `it expired after ${describeIdleTime(idleTimeoutMs)} without a call`);
      }
    }
  };
  const sweep = setInterval(sweepIdle, Math.min(60_000, Math.max(250, idleTimeoutMs / 4)));
  sweep.unref();

  const notOpen = (handle: string, owner: string) => {
    const gone = ended.get(handle);
    // Another caller's handle is answered as unknown, so handles reveal nothing.
    const reason = gone && gone.owner === owner && !open.has(handle) ? gone.why : 'it is unknown';
    return {
      error: `Session '${handle}' is not open (${reason}): call new_session for a new one and run your setup again; the old session's variables and files are gone.`,
    };
  };

  return {
    idleTimeoutMs,
    open(authInfo) {
      sweepIdle();
      if (open.size >= maxOpen) {
        return {
          error: `${maxOpen} sessions are open, the most this server keeps: close one you no longer need with close_session, or call run_code without a session.`,
        };
      }
      const handle = `cis_${randomBytes(16).toString('hex')}`;
      open.set(handle, {
        runner: createRunner(),
        owner: ownerOf(authInfo),
        lastUsed: Date.now(),
        running: 0,
      });
      return { handle };
    },
    hold(handle, authInfo) {
      const owner = ownerOf(authInfo);
      const session = open.get(handle);
      if (!session || session.owner !== owner) return notOpen(handle, owner);
      session.running += 1;
      session.lastUsed = Date.now();
      let released = false;
      return {
        runner: session.runner,
        release() {
          if (released) return;
          released = true;
          session.running -= 1;
          session.lastUsed = Date.now();
        },
      };
    },
    async close(handle, authInfo) {
      const owner = ownerOf(authInfo);
      const session = open.get(handle);
      if (!session || session.owner !== owner) return notOpen(handle, owner);
      await end(handle, 'it was closed with close_session');
      return undefined;
    },
    size: () => open.size,
    async closeAll() {
      clearInterval(sweep);
      await Promise.all([...open.keys()].map((handle) => end(handle, 'the server closed it')));
    },
  };
}
