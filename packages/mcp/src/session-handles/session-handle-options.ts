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
}
