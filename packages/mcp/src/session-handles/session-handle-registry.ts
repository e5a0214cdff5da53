import { createHash, randomBytes } from 'node:crypto';
import type {
  CodeInterpreter,
  CodeInterpreterSession,
  CodeInterpreterToolRunner,
} from '@code-interpreter/core';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { describeIdleTime } from './describe-idle-time';
import type { SessionHandleOptions } from './session-handle-options';
import { signHandle, signingKeyBytes, verifyHandle } from './signed-handle';

/** How many ended handles are remembered, to say "expired" rather than "unknown". */
const rememberedEnded = 1000;

interface OpenSession {
  runner: CodeInterpreterToolRunner;
  owner: string;
  lastUsed: number;
  running: number;
  /** Started by this server's new_session (counts toward the caller's limit). */
  minted: boolean;
}

/** A session open for a caller, held for one call: `release()` when the call ends. */
export interface HeldSession {
  runner: CodeInterpreterToolRunner;
  release(): void;
  /**
   * The call found the session gone for good: `'closed'` (ended by another front end's
   * close_session, or by its host when idle) or `'host-lost'` (its sandbox host went away, and the
   * session's state with it). Forgets it here, so later calls naming the handle are refused with
   * the same words, and gives the tool error to answer.
   */
  ended(how: 'closed' | 'host-lost'): { error: string };
}

/** The sessions minted as handles, shared by every MCP server that serves them. */
export interface SessionHandleRegistry {
  readonly idleTimeoutMs: number;
  /** A new session's handle, or the reason none can be opened now. */
  open(authInfo: AuthInfo | undefined): Promise<{ handle: string } | { error: string }>;
  /** The session a handle names, for this caller, or the tool error to answer. */
  hold(handle: string, authInfo: AuthInfo | undefined): Promise<HeldSession | { error: string }>;
  /** Ends a session (its sandbox freed); the tool error when it is not open for this caller. */
  close(handle: string, authInfo: AuthInfo | undefined): Promise<{ error: string } | undefined>;
  /** Number of sessions this server holds now. */
  size(): number;
  /**
   * Ends every session and stops the idle sweep; with `shared`, lets go of them instead (other
   * front ends still serve them).
   */
  closeAll(): Promise<void>;
}

/**
 * Who a handle belongs to: the token's digest (never the token), or '' without authentication. A
 * handle is never a credential: another caller's handle is answered as unknown.
 */
function ownerOf(authInfo: AuthInfo | undefined): string {
  if (!authInfo) return '';
  return createHash('sha256')
    .update(`${authInfo.clientId}\0${authInfo.token}`)
    .digest('base64url')
    .slice(0, 22);
}

/** An interpreter whose `createSession` gives this one session: a runner over a known session. */
function withSession(
  interpreter: CodeInterpreter,
  session: CodeInterpreterSession,
): CodeInterpreter {
  return {
    capabilities: interpreter.capabilities,
    run: (input, options) => interpreter.run(input, options),
    createSession: () => session,
    close: async () => {},
  };
}

/**
 * Creates the registry. `createRunner(interpreter)` gives a session's runner (with
 * `session: true`) over `interpreter`, or over one already started session.
 */
export function createSessionHandleRegistry(
  interpreter: CodeInterpreter,
  createRunner: (interpreter: CodeInterpreter) => CodeInterpreterToolRunner,
  options: SessionHandleOptions & {
    log?: (level: 'info' | 'error', message: string) => void;
  } = {},
): SessionHandleRegistry {
  const {
    idleTimeoutMs = 30 * 60_000,
    maxOpen = 50,
    maxOpenPerCaller = 10,
    shared,
    log = () => {},
  } = options;
  const key = shared ? signingKeyBytes(shared.signingKey) : undefined;
  const open = new Map<string, OpenSession>();
  const attaching = new Map<string, Promise<OpenSession | undefined>>();
  const ended = new Map<string, { why: string; owner: string }>();
  const idle = `idle for ${describeIdleTime(idleTimeoutMs)}`;

  /** Remembers why a handle ended, to say so (to its owner) when it is named again. */
  const remember = (handle: string, why: string, owner: string) => {
    ended.set(handle, { why, owner });
    if (ended.size > rememberedEnded) ended.delete(ended.keys().next().value as string);
  };
  const end = async (handle: string, why: string) => {
    const session = open.get(handle);
    if (!session) return;
    open.delete(handle);
    remember(handle, why, session.owner);
    await session.runner.close().catch((error: unknown) => {
      log('error', `Closing session ${handle} failed: ${String(error)}`);
    });
  };
  const sweepIdle = () => {
    const now = Date.now();
    for (const [handle, session] of open) {
      if (session.running === 0 && now - session.lastUsed > idleTimeoutMs) {
        if (shared) {
          // Other front ends may be serving it: let go; where it lives ends it when idle.
          open.delete(handle);
          continue;
        }
        log('info', `Session ${handle} was idle too long and was closed`);
        void end(handle, `it expired after ${describeIdleTime(idleTimeoutMs)} without a call`);
      }
    }
  };
  const sweep = setInterval(sweepIdle, Math.min(60_000, Math.max(250, idleTimeoutMs / 4)));
  sweep.unref();

  const notOpen = (handle: string, reason: string) => ({
    error: `Session '${handle}' is not open (${reason}): call new_session for a new one and run your setup again; the old session's variables and files are gone.`,
  });
  const unknown = (handle: string, owner: string) => {
    const gone = ended.get(handle);
    // Another caller's handle is answered as unknown, so handles reveal nothing.
    return notOpen(handle, gone && gone.owner === owner ? gone.why : 'it is unknown');
  };

  const endedElsewhere = `it has ended: closed with close_session, ${idle} without a call, or its sandbox host was lost`;
  const hostLost = 'its sandbox host was lost';

  /** The open session a handle names for this caller: held here, or reached by its reference. */
  const find = async (handle: string, owner: string): Promise<OpenSession | { error: string }> => {
    const local = open.get(handle);
    if (local) return local.owner === owner ? local : unknown(handle, owner);
    if (!shared || !key || ended.has(handle)) return unknown(handle, owner);
    const payload = verifyHandle(key, handle);
    if (!payload || payload.owner !== owner) return unknown(handle, owner);
    let pending = attaching.get(handle);
    if (!pending) {
      pending = shared.attach(payload.reference).then((session) => {
        if (!session) return undefined;
        const entry: OpenSession = {
          runner: createRunner(withSession(interpreter, session)),
          owner,
          lastUsed: Date.now(),
          running: 0,
          minted: false,
        };
        open.set(handle, entry);
        return entry;
      });
      attaching.set(handle, pending);
      void pending.finally(() => attaching.delete(handle)).catch(() => {});
    }
    const attached = await pending.catch((error: unknown) => {
      log('error', `Reaching session ${handle} failed: ${String(error)}`);
      return undefined;
    });
    return attached ?? notOpen(handle, endedElsewhere);
  };

  return {
    idleTimeoutMs,
    async open(authInfo) {
      sweepIdle();
      const owner = ownerOf(authInfo);
      if (open.size >= maxOpen) {
        return {
          error: `${maxOpen} sessions are open, the most this server keeps: close one you no longer need with close_session, or call run_code without a session.`,
        };
      }
      const mine = [...open.values()].filter((s) => s.minted && s.owner === owner).length;
      if (mine >= maxOpenPerCaller) {
        return {
          error: `You have ${mine} sessions open, the most one caller may have: close one you no longer need with close_session, or call run_code without a session.`,
        };
      }
      let handle: string;
      let runner: CodeInterpreterToolRunner;
      if (shared && key) {
        const session = interpreter.createSession();
        try {
          handle = signHandle(key, { reference: await shared.referenceOf(session), owner });
        } catch (error) {
          await session.close().catch(() => {});
          log('error', `Starting a session failed: ${String(error)}`);
          return { error: `No session could be started (${String(error)}): try again later.` };
        }
        runner = createRunner(withSession(interpreter, session));
      } else {
        handle = `cis_${randomBytes(16).toString('hex')}`;
        runner = createRunner(interpreter);
      }
      open.set(handle, { runner, owner, lastUsed: Date.now(), running: 0, minted: true });
      return { handle };
    },
    async hold(handle, authInfo) {
      const found = await find(handle, ownerOf(authInfo));
      if ('error' in found) return found;
      const session = found;
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
        ended(how) {
          const why = how === 'host-lost' ? hostLost : endedElsewhere;
          if (open.get(handle) === session) open.delete(handle);
          remember(handle, why, session.owner);
          void session.runner.close().catch(() => {});
          return notOpen(handle, why);
        },
      };
    },
    async close(handle, authInfo) {
      const found = await find(handle, ownerOf(authInfo));
      if ('error' in found) return found;
      await end(handle, 'it was closed with close_session');
      return undefined;
    },
    size: () => open.size,
    async closeAll() {
      clearInterval(sweep);
      if (shared) {
        open.clear();
        return;
      }
      await Promise.all([...open.keys()].map((handle) => end(handle, 'the server closed it')));
    },
  };
}
