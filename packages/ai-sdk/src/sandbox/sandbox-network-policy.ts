import type {
  AiSdkNetworkPolicy,
  CodeInterpreterCapabilities,
  CodeInterpreterSession,
  RunOptions,
} from '@code-interpreter/core';

/**
 * The harness's network policy (`HarnessV1NetworkPolicy` of `@ai-sdk/harness`, as passed to
 * `setNetworkPolicy`): `'allow-all'`, `'deny-all'`, or `'custom'` with `allowedHosts` and/or
 * `allowedCIDRs`, and `deniedCIDRs` winning over both.
 */
export type SandboxNetworkPolicy = AiSdkNetworkPolicy;

const customKeys = ['mode', 'allowedHosts', 'allowedCIDRs', 'deniedCIDRs'];

function checkList(policy: Record<string, unknown>, key: string): void {
  const list = policy[key];
  if (list === undefined) return;
  if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string' || entry === '')) {
    throw new TypeError(
      `setNetworkPolicy: ${key} must be an array of host patterns or CIDR ranges (non-empty strings), such as ['api.github.com'] or ['10.0.0.0/8'].`,
    );
  }
}

/**
 * The run-level `network` that narrows the interpreter's as `policy` says, or `undefined` when it
 * narrows nothing (`'allow-all'`: everything the interpreter allows). Throws a `TypeError` for a
 * policy that is not one of the harness's shapes; host patterns themselves are checked by the
 * interpreter at the next run.
 */
export function toRunNetworkPolicy(policy: unknown): AiSdkNetworkPolicy | undefined {
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) {
    throw new TypeError(
      "setNetworkPolicy needs a policy such as { mode: 'deny-all' } or { mode: 'custom', allowedHosts: ['api.github.com'] }.",
    );
  }
  const given = policy as Record<string, unknown>;
  switch (given.mode) {
    case 'allow-all':
      return undefined;
    case 'deny-all':
      return { mode: 'deny-all' };
    case 'custom': {
      for (const key of Object.keys(given)) {
        if (!customKeys.includes(key)) {
          throw new TypeError(
            `setNetworkPolicy: '${key}' is not part of a network policy (known: ${customKeys.join(', ')}).`,
          );
        }
      }
      for (const key of ['allowedHosts', 'allowedCIDRs', 'deniedCIDRs']) checkList(given, key);
      if (given.allowedHosts === undefined && given.allowedCIDRs === undefined) {
        throw new TypeError(
          "setNetworkPolicy: mode 'custom' needs allowedHosts or allowedCIDRs; for no network use { mode: 'deny-all' }.",
        );
      }
      return {
        mode: 'custom',
        ...(given.allowedHosts ? { allowedHosts: [...(given.allowedHosts as string[])] } : {}),
        ...(given.allowedCIDRs ? { allowedCIDRs: [...(given.allowedCIDRs as string[])] } : {}),
        ...(given.deniedCIDRs ? { deniedCIDRs: [...(given.deniedCIDRs as string[])] } : {}),
      };
    }
    default:
      throw new TypeError(
        `setNetworkPolicy: mode must be 'allow-all', 'deny-all' or 'custom' (got ${JSON.stringify(given.mode) ?? 'undefined'}).`,
      );
  }
}

/**
 * The network policy a sandbox sets on its own runs (`setNetworkPolicy`), under the interpreter's
 * (the most any run may reach): each run made through the sandbox passes it as the run's
 * `network`, so a request must pass both. Setting a policy replaces the one set before, never the
 * interpreter's: `'allow-all'` goes back to what the interpreter allows, and a `'custom'` list
 * wider than the interpreter's is clamped to it (a request must pass both lists).
 */
export class SandboxNetworkNarrowing {
  #current: AiSdkNetworkPolicy | undefined;

  constructor(private readonly capabilities: CodeInterpreterCapabilities) {}

  /** The run-level policy in force, `undefined` when the sandbox narrows nothing. */
  get current(): AiSdkNetworkPolicy | undefined {
    return this.#current;
  }

  /**
   * Replaces the sandbox's policy. Throws a `TypeError` for a malformed policy, and for one that
   * allows any host when the interpreter has no network (there is nothing to narrow: set
   * `network` on the interpreter first); `'deny-all'` is then accepted and changes nothing.
   */
  set(policy: unknown): void {
    const next = toRunNetworkPolicy(policy);
    if (this.capabilities.network === undefined) {
      if ((policy as { mode?: unknown }).mode === 'deny-all') return;
      throw new TypeError(
        "setNetworkPolicy: this sandbox's interpreter has no network, so no policy can allow a host. Give the interpreter a `network` policy (createCodeInterpreterSandbox({ network: { allow: [...] } }) or createCodeInterpreter({ network })): it is the most the sandbox's policy can allow.",
      );
    }
    this.#current = next;
  }

  /**
   * `session` as the sandbox's runs see it: each `run` carries the policy in force when it starts
   * (a run that brings its own `network` while the sandbox has one is refused: one run takes one
   * policy, and neither may be dropped).
   */
  narrow(session: CodeInterpreterSession): CodeInterpreterSession {
    const withPolicy = (runOptions: RunOptions | undefined): RunOptions | undefined => {
      const policy = this.#current;
      if (policy === undefined) return runOptions;
      if (runOptions?.network !== undefined) {
        throw new TypeError(
          "This run has its own `network`, and the sandbox's setNetworkPolicy already narrows its runs: drop one of them.",
        );
      }
      return { ...runOptions, network: policy };
    };
    return {
      id: session.id,
      files: session.files,
      run: async (input, runOptions) => session.run(input, withPolicy(runOptions)),
      exec: (input, commandOptions) => session.exec(input, commandOptions),
      close: () => session.close(),
    };
  }
}
