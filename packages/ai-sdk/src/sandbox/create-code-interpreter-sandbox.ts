import type { Experimental_SandboxSession } from 'ai';
import { type CodeInterpreterSandboxSession, createSandboxSession } from './create-sandbox-session';
import type { SandboxNetworkPolicy } from './sandbox-network-policy';
import { attachSandboxSessionCore, sandboxSessionCore } from './sandbox-session-core';
import type { CodeInterpreterSandboxSessionOptions } from './sandbox-session-options';

const providerId = 'code-interpreter-sandbox';

/** Settings of {@link createCodeInterpreterSandbox}: a sandbox session's, without a session. */
export type CodeInterpreterSandboxSettings = Omit<CodeInterpreterSandboxSessionOptions, 'session'>;

/**
 * A sandbox session as the harness holds it (`HarnessV1NetworkSandboxSession` of
 * `@ai-sdk/harness`): the sandbox plus its id, working directory, lifecycle and a restricted view
 * for tools, and `setNetworkPolicy`, which narrows the network of the code it runs. It exposes no
 * ports.
 */
export type CodeInterpreterNetworkSandboxSession = CodeInterpreterSandboxSession & {
  /** The core session's id. */
  readonly id: string;
  /** `/workspace`. */
  readonly defaultWorkingDirectory: string;
  /** Always empty: nothing in the sandbox can listen on a port reachable from outside. */
  readonly ports: ReadonlyArray<number>;
  /** Rejects with `HarnessCapabilityUnsupportedError`: the sandbox exposes no ports. */
  getPortEndpoint(options: {
    port: number;
    protocol?: 'http' | 'https' | 'ws';
  }): Promise<{ readonly url: string; readonly headers?: Readonly<Record<string, string>> }>;
  /** @deprecated as in the harness: use `getPortEndpoint` (which rejects here). */
  getPortUrl(options: { port: number; protocol?: 'http' | 'https' | 'ws' }): Promise<string>;
  /** Closes what this session owns (as `close()`). Idempotent. */
  stop(): Promise<void>;
  /** The same as `stop()`: nothing outlives a closed session. */
  destroy(): Promise<void>;
  /**
   * Sets the network policy of the code the sandbox runs through the code-interpreter tool (a
   * `createCodeInterpreterTool` given this sandbox, or called with it as `experimental_sandbox`),
   * from the next run on. It narrows the interpreter's `network`, which stays the most any run
   * may reach: each call replaces the policy set before (`'allow-all'` goes back to all the
   * interpreter allows, `'deny-all'` allows nothing), and a `'custom'` list wider than the
   * interpreter's is clamped to it (a request must pass both, so a host the interpreter does not
   * allow stays refused, and a private or loopback address needs an IP entry in both, here in
   * `allowedCIDRs`). Host patterns are checked at the next run (`InvalidInputError`).
   *
   * Rejects with a `TypeError` for a malformed policy, and for any policy but `'deny-all'` when
   * the interpreter has no network. Programs started by shell commands (`run`, `spawn`) get the
   * interpreter's network, not this policy, and the application's own `session.run` calls keep
   * the session's policy. The tool's
   * description still names the interpreter's hosts.
   */
  setNetworkPolicy(policy: SandboxNetworkPolicy): Promise<void>;
  /** The file and command methods only, for tools: they cannot stop the sandbox or its network. */
  restricted(): Experimental_SandboxSession;
};

/**
 * The `HarnessV1SandboxProvider` of `@ai-sdk/harness` for code-interpreter sandboxes (checked
 * against the harness's type in the type tests, so this package needs no `@ai-sdk/harness` at
 * run time).
 */
export interface CodeInterpreterSandboxProvider {
  /** The harness sandbox interface this implements. */
  readonly specificationVersion: 'harness-sandbox-v1';
  /** `'code-interpreter-sandbox'`. */
  readonly providerId: string;
  /**
   * Creates a sandbox session: a new session of the given interpreter, or of a new interpreter
   * owned by this sandbox session. `sessionId` and `identity` are accepted and not used (nothing
   * persists past `destroy()`, so there is no resume); `onFirstCreate` runs on every new session.
   */
  createSession(options?: {
    sessionId?: string;
    abortSignal?: AbortSignal;
    identity?: string;
    onFirstCreate?: (
      session: Experimental_SandboxSession,
      options: { abortSignal?: AbortSignal },
    ) => Promise<void>;
  }): Promise<CodeInterpreterNetworkSandboxSession>;
}

/**
 * Creates a harness sandbox provider over code-interpreter sessions, as `@ai-sdk/sandbox-just-bash`
 * does for a plain just-bash: each `createSession()` gives a sandbox whose files are a session's
 * workspace and whose `python3`/`node`/`tsx` run in isolated sandboxes. Pass `interpreter` to
 * share one interpreter between sessions (recommended: otherwise each session starts its own
 * worker processes, stopped by its `destroy()`).
 *
 * @example
 * ```ts
 * const provider = createCodeInterpreterSandbox({ interpreter });
 * const networkSession = await provider.createSession();
 * const sandbox = networkSession.restricted(); // hand this to tools
 * await sandbox.writeTextFile({ path: 'hello.txt', content: 'hi' });
 * await networkSession.destroy();
 * ```
 */
export function createCodeInterpreterSandbox(
  settings: CodeInterpreterSandboxSettings = {},
): CodeInterpreterSandboxProvider {
  return {
    specificationVersion: 'harness-sandbox-v1',
    providerId,
    async createSession(options = {}) {
      options.abortSignal?.throwIfAborted();
      const sandbox = createSandboxSession(settings);
      const network = toNetworkSession(sandbox);
      if (options.onFirstCreate) {
        try {
          await options.onFirstCreate(network.restricted(), {
            ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
          });
        } catch (error) {
          await sandbox.close();
          throw error;
        }
      }
      return network;
    },
  };
}

function toNetworkSession(
  sandbox: CodeInterpreterSandboxSession,
): CodeInterpreterNetworkSandboxSession {
  const core = sandboxSessionCore(sandbox);
  const getPortEndpoint: CodeInterpreterNetworkSandboxSession['getPortEndpoint'] = async ({
    port,
  }) => {
    throw await portsUnsupported(port);
  };
  const restricted = (): Experimental_SandboxSession => {
    const view: Experimental_SandboxSession = {
      description: sandbox.description,
      readFile: sandbox.readFile,
      readBinaryFile: sandbox.readBinaryFile,
      readTextFile: sandbox.readTextFile,
      writeFile: sandbox.writeFile,
      writeBinaryFile: sandbox.writeBinaryFile,
      writeTextFile: sandbox.writeTextFile,
      stat: sandbox.stat,
      listDirectory: sandbox.listDirectory,
      deleteFile: sandbox.deleteFile,
      spawn: sandbox.spawn,
      run: sandbox.run,
    };
    return core ? attachSandboxSessionCore(view, core) : view;
  };
  const network: CodeInterpreterNetworkSandboxSession = Object.assign(sandbox, {
    id: sandbox.session.id,
    defaultWorkingDirectory: sandbox.workingDirectory,
    ports: [] as ReadonlyArray<number>,
    getPortEndpoint,
    getPortUrl: async (options: { port: number; protocol?: 'http' | 'https' | 'ws' }) =>
      (await getPortEndpoint(options)).url,
    stop: () => sandbox.close(),
    destroy: () => sandbox.close(),
    setNetworkPolicy: async (policy: SandboxNetworkPolicy) => {
      if (!core?.network)
        throw new TypeError('setNetworkPolicy: this sandbox has no session core.');
      core.network.set(policy);
    },
    restricted,
  });
  return network;
}

/**
 * The harness's own `HarnessCapabilityUnsupportedError` when `@ai-sdk/harness` is installed (it is
 * whenever a harness calls this), else a plain error with the same message.
 */
async function portsUnsupported(port: number): Promise<Error> {
  const message = `Code-interpreter sandboxes expose no ports (asked for port ${port}): programs in them have no network. Use a hosted sandbox (e.g. @ai-sdk/sandbox-vercel) for bridge-backed harness adapters.`;
  try {
    const harness = await import('@ai-sdk/harness');
    return new harness.HarnessCapabilityUnsupportedError({ harnessId: providerId, message });
  } catch {
    return new Error(message);
  }
}
