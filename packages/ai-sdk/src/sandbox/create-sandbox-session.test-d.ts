import type {
  HarnessV1NetworkPolicy,
  HarnessV1NetworkSandboxSession,
  HarnessV1SandboxProvider,
} from '@ai-sdk/harness';
import type { CodeInterpreter, CodeInterpreterSession } from '@code-interpreter/core';
import { MockCodeInterpreter } from '@code-interpreter/core/test';
import {
  type Experimental_SandboxProcess,
  type Experimental_SandboxSession,
  generateText,
  tool,
} from 'ai';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  type CodeInterpreterNetworkSandboxSession,
  type CodeInterpreterSandboxProvider,
  createCodeInterpreterSandbox,
} from './create-code-interpreter-sandbox';
import { type CodeInterpreterSandboxSession, createSandboxSession } from './create-sandbox-session';
import type { SandboxNetworkPolicy } from './sandbox-network-policy';
import type { WritableSandboxProcess } from './sandbox-process';

// The sandbox's public types against the installed `ai` and `@ai-sdk/harness`: a release that
// changes SandboxSession or the harness's provider interface fails here, not in users' builds.
describe('createSandboxSession types', () => {
  const sandbox = createSandboxSession({ interpreter: new MockCodeInterpreter() });

  it('is an AI SDK Experimental_SandboxSession, async-disposable, with its core', () => {
    expectTypeOf(sandbox).toExtend<Experimental_SandboxSession>();
    expectTypeOf(sandbox).toExtend<AsyncDisposable>();
    expectTypeOf(sandbox.interpreter).toEqualTypeOf<CodeInterpreter>();
    expectTypeOf(sandbox.session).toEqualTypeOf<CodeInterpreterSession>();
    expectTypeOf(sandbox.close).returns.toEqualTypeOf<Promise<void>>();
  });

  it('fits experimental_sandbox of generateText and reaches tools through their options', () => {
    expectTypeOf(generateText).parameter(0).toHaveProperty('experimental_sandbox');
    type Options = Parameters<typeof generateText>[0];
    expectTypeOf(sandbox).toExtend<NonNullable<Options['experimental_sandbox']>>();
    tool({
      inputSchema: z.object({ path: z.string() }),
      execute: async ({ path }, { experimental_sandbox }) =>
        (await experimental_sandbox?.readTextFile({ path })) ?? null,
    });
  });

  it('types spawn by its stdin option', async () => {
    expectTypeOf(
      await sandbox.spawn({ command: 'cat', stdin: true }),
    ).toExtend<WritableSandboxProcess>();
    expectTypeOf(await sandbox.spawn({ command: 'ls' })).toExtend<Experimental_SandboxProcess>();
    // @ts-expect-error without stdin: true there is no writable stdin
    (await sandbox.spawn({ command: 'ls' })).stdin;
  });

  it('takes an interpreter, a session or the interpreter options, and refuses unknown keys', () => {
    const interpreter = new MockCodeInterpreter();
    createSandboxSession({ interpreter, session: interpreter.createSession() });
    createSandboxSession({ python: 'native', languages: ['python'], commandTimeoutMs: 5_000 });
    // @ts-expect-error a misspelt option is a type error
    createSandboxSession({ interpeter: interpreter });
  });
});

describe('createCodeInterpreterSandbox types', () => {
  const provider = createCodeInterpreterSandbox({ interpreter: new MockCodeInterpreter() });

  it("is the harness's HarnessV1SandboxProvider, whose sessions are network sandbox sessions", () => {
    expectTypeOf(provider).toEqualTypeOf<CodeInterpreterSandboxProvider>();
    expectTypeOf(provider).toExtend<HarnessV1SandboxProvider>();
    expectTypeOf<CodeInterpreterNetworkSandboxSession>().toExtend<HarnessV1NetworkSandboxSession>();
    expectTypeOf<CodeInterpreterNetworkSandboxSession>().toExtend<CodeInterpreterSandboxSession>();
    expectTypeOf<
      ReturnType<CodeInterpreterNetworkSandboxSession['restricted']>
    >().toEqualTypeOf<Experimental_SandboxSession>();
  });

  it("implements the harness's setNetworkPolicy, taking every HarnessV1NetworkPolicy", () => {
    expectTypeOf<CodeInterpreterNetworkSandboxSession['setNetworkPolicy']>().toExtend<
      NonNullable<HarnessV1NetworkSandboxSession['setNetworkPolicy']>
    >();
    expectTypeOf<HarnessV1NetworkPolicy>().toExtend<SandboxNetworkPolicy>();
  });

  it('takes no session (each harness session gets its own)', () => {
    // @ts-expect-error a provider makes a session per harness session
    createCodeInterpreterSandbox({ session: new MockCodeInterpreter().createSession() });
  });
});
