/** One HTTP request as sandboxed code's `fetch` (or Python's `urllib`) hands it to the host. */
export interface SandboxHttpRequest {
  /** `GET`, `POST`...; the standard ones are upper-cased as `fetch` does. */
  method: string;
  /** Absolute http or https URL. */
  url: string;
  /** [name, value] pairs as `Headers` holds them. */
  headers: Array<[string, string]>;
  /** The body, base64-encoded. Not allowed with GET or HEAD. */
  body?: string;
  /**
   * `fetch`'s redirect mode: `'follow'` follows up to `maxRedirects`, `'manual'` answers with the
   * redirect response itself, `'error'` fails on a redirect.
   * @default 'follow'
   */
  redirect?: 'follow' | 'manual' | 'error';
}

/**
 * The host's answer to a {@link SandboxHttpRequest}. A failure says why in `message` (no host
 * detail, no secret); `denied` marks a refusal by the policy or a limit, `aborted` a request the
 * code itself aborted.
 */
export type SandboxHttpAnswer =
  | {
      ok: true;
      status: number;
      statusText: string;
      /** Response headers in order, repeated ones (`set-cookie`) kept apart; secrets scrubbed. */
      headers: Array<[string, string]>;
      /** The final URL, after redirects. */
      url: string;
      redirected: boolean;
      /** The body, decoded from gzip/deflate/br when it was, base64-encoded. */
      body: string;
    }
  | { ok: false; message: string; denied?: boolean; aborted?: boolean };

/**
 * One HTTP exchange a run made, for the run's result: one per hop (a request that was
 * redirected twice leaves three), refused ones included.
 */
export interface NetworkRecord {
  method: string;
  /** The hop's URL (at most 2,000 characters). */
  url: string;
  /** The response status, when one arrived. */
  status?: number;
  /** Response body bytes handed to the code (0 for redirects and failures). */
  bytes: number;
  /** Milliseconds the hop took. */
  ms: number;
  /** Why the host refused it (the policy or a limit); may name the address a host resolved to. */
  denied?: string;
  /** Why it failed (network, timeout, size). */
  error?: string;
}
