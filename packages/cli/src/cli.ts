import {
  escapeControlCharacters,
  InterpreterClosedError,
  InvalidInputError,
  RuntimeUnavailableError,
} from '@code-interpreter/core';
import { version as packageVersion } from '../package.json';
import { replCommand } from './commands/repl-command';
import { runCommand } from './commands/run-command';
import { exitCodes } from './exit-codes';
import { helpText } from './help-text';
import { parseCliArguments } from './parse-cli-arguments';
import { UsageError } from './usage-error';

/** The sandbox's isolated-vm build needs Node 22.12 or newer: say so instead of failing later. */
function nodeIsTooOld(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major < 22 || (major === 22 && minor < 12);
}

async function main(argv: readonly string[]): Promise<number> {
  if (nodeIsTooOld(process.versions.node)) {
    process.stderr.write(
      `code-interpreter: Node ${process.versions.node} is too old: run it with Node 22.12 or newer.\n`,
    );
    return exitCodes.misuse;
  }
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (name: NodeJS.Signals) => {
    signals += 1;
    // A second signal means "now": skip the clean shutdown.
    if (signals > 1) process.exit(name === 'SIGINT' ? 130 : 143);
    controller.abort();
  };
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
  try {
    const command = parseCliArguments(argv);
    switch (command.name) {
      case 'help':
        io.stdout.write(helpText);
        return exitCodes.success;
      case 'version':
        io.stdout.write(`${packageVersion}\n`);
        return exitCodes.success;
      case 'run':
        process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
        return await runCommand(command, io, controller.signal);
      case 'repl':
        // On a terminal, readline turns Ctrl+C into its own event; SIGTERM still ends the REPL.
        if (!process.stdin.isTTY) process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        return await replCommand(command, io, controller.signal);
      case 'mcp':
        process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
        // Loaded on demand: `run` and `repl` need not pay for the MCP SDK.
        return await (await import('./commands/mcp-command')).mcpCommand(
          command,
          controller.signal,
        );
      case 'host':
        process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
        // Loaded on demand: `run` and `repl` need not pay for the NATS client.
        return await (await import('./commands/host-command')).hostCommand(
          command,
          controller.signal,
        );
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      InvalidInputError.isInstance(error) ||
      RuntimeUnavailableError.isInstance(error) ||
      InterpreterClosedError.isInstance(error)
    ) {
      io.stderr.write(`code-interpreter: ${escapeControlCharacters((error as Error).message)}\n`);
      return exitCodes.misuse;
    }
    if (controller.signal.aborted) {
      io.stderr.write('code-interpreter: interrupted.\n');
      return 130;
    }
    // Diagnostics are escaped too, with or without --raw: a message may quote the sandbox.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`code-interpreter: ${escapeControlCharacters(message)}\n`);
    return exitCodes.codeFault;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
