import { combinePolicies } from '../network/combine-policies';
import type { ResolvedNetworkPolicy } from '../network/network-policy';
import { NetworkRunBroker } from '../network/network-run-broker';
import type { NetworkRecord, SandboxHttpRequest } from '../network/sandbox-http';
import type { SandboxTools, ToolCallRecord } from '../tools/sandbox-tool';
import { networkCallName, type ToolAnswer } from '../tools/sandbox-tool-bridge';
import type { ResolvedToolLimits } from '../tools/tool-limits';
import { ToolRunBroker } from '../tools/tool-run-broker';
import type { RunToolsMessage } from '../worker/worker-protocol';

/** Time past the run's deadline after which requests in flight are aborted even if the run is not over. */
const deadlineGraceMs = 1_000;

/**
 * What one run may ask of the application's process while it runs: its tools' calls (code mode)
 * and its HTTP requests (its network policy). Both arrive on the worker's tool-call channel and
 * are answered here, each by its broker; `finish` ends them and returns what the result reports.
 */
export class RunHostCalls {
  private readonly tools: ToolRunBroker | undefined;
  private readonly network: NetworkRunBroker | undefined;
  /** What the worker is told (absent: the run may ask nothing). */
  readonly message: RunToolsMessage | undefined;

  constructor(options: {
    tools: SandboxTools | undefined;
    toolLimits: ResolvedToolLimits;
    /** The network policies that apply, outermost first (empty: no network). */
    network: ReadonlyArray<ResolvedNetworkPolicy>;
    timeoutMs: number;
  }) {
    const { tools, toolLimits, timeoutMs } = options;
    this.tools = tools ? new ToolRunBroker(tools, { limits: toolLimits, timeoutMs }) : undefined;
    const policy = options.network.length > 0 ? combinePolicies(options.network) : undefined;
    this.network = policy
      ? new NetworkRunBroker(policy, { timeoutMs: timeoutMs + deadlineGraceMs })
      : undefined;
    if (!this.tools && !policy) return;
    this.message = {
      names: this.tools?.names ?? [],
      maxInputBytes: toolLimits.maxInputBytes,
      maxCalls: toolLimits.maxCalls,
      ...(policy
        ? {
            network: {
              maxRequests: policy.limits.maxRequests,
              maxRequestBytes: policy.limits.maxRequestBytes,
            },
          }
        : {}),
    };
  }

  /** True once the run called a tool or made a request (so it must not be run again). */
  get acted(): boolean {
    return (this.tools?.callCount ?? 0) + (this.network?.requestCount ?? 0) > 0;
  }

  /** Answers one call of the run's code (a tool, or an HTTP request); never rejects. */
  readonly answer = async (name: string, inputJson: string): Promise<ToolAnswer> => {
    if (name !== networkCallName) {
      return this.tools
        ? this.tools.handle(name, inputJson)
        : { ok: false, message: 'This run has no tools.' };
    }
    if (!this.network) {
      return {
        ok: false,
        message: 'This sandbox has no network: the application did not allow any host.',
      };
    }
    let request: SandboxHttpRequest;
    try {
      request = JSON.parse(inputJson) as SandboxHttpRequest;
    } catch {
      return { ok: false, message: 'The request is not JSON.' };
    }
    const answer = await this.network.fetch(request);
    if (!answer.ok) return { ok: false, message: answer.message };
    const { ok: _ok, ...response } = answer;
    return { ok: true, json: JSON.stringify(response) };
  };

  /** Ends the run's calls and requests (those in flight are aborted) and returns their records. */
  finish(): { toolCalls?: ToolCallRecord[]; network?: NetworkRecord[] } {
    return {
      ...(this.tools ? { toolCalls: this.tools.finish() } : {}),
      ...(this.network ? { network: this.network.finish() } : {}),
    };
  }
}
