import type { CodeInterpreterSession } from '@code-interpreter/core';

/**
 * Sessions shared by several MCP front ends (replicas behind a load balancer, over one fleet of
 * sandbox hosts): handles are signed and name the session itself, so a handle minted by one front
 * end works on every other, and none keeps state a call needs only in its memory.
 */
export interface SharedSessionHandles {
  /**
   * The key handles are signed with (HMAC-SHA256), the same on every front end: 32 bytes or more,
   * random (`openssl rand -base64 48`), kept secret. A handle not signed with it (forged, altered,
   * from another deployment) is answered as unknown. Changing it ends every handle.
   */
  signingKey: string | Uint8Array;
  /**
   * Names a session so another front end can reach it: for sessions on sandbox hosts, the host
   * and the session's id there. Called once, when `new_session` starts it.
   */
  referenceOf(session: CodeInterpreterSession): Promise<string>;
  /**
   * The session a reference names, or `undefined` when it has ended (closed, expired, or its host
   * lost). Where the sessions live must end those idle longer than `idleTimeoutMs`: each front end
   * sees only its own calls, so it lets go of an idle session without closing it.
   */
  attach(reference: string): Promise<CodeInterpreterSession | undefined>;
}

/**
 * Sessions as handles (MCP 2026-07-28 has no protocol sessions): `new_session` mints a handle,
 * `run_code` takes it as its `session` argument, `close_session` ends it.
 */
export interface SessionHandleOptions {
  /**
   * A session with no call for this long ends and frees its sandbox, in ms; its handle is then a
   * tool error telling the model to start a new session. The tools' descriptions state it.
   * @default 1800000 (30 minutes)
   */
  idleTimeoutMs?: number;
  /**
   * Most sessions open at once (per server; across all clients of one `startHttpServer`).
   * `new_session` beyond it is a tool error.
   * @default 50
   */
  maxOpen?: number;
  /**
   * Most sessions one caller (one token; everyone, without authentication) may have open on this
   * server at once, so one client cannot take them all. `new_session` beyond it is a tool error.
   * @default 10
   */
  maxOpenPerCaller?: number;
  /**
   * Share handles across front ends (see {@link SharedSessionHandles}).
   * @default undefined (handles are random names this server keeps in memory)
   */
  shared?: SharedSessionHandles;
}
