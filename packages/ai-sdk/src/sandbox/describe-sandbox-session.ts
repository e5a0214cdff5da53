import { type CodeInterpreterCapabilities, workspaceMount } from '@code-interpreter/core';

/** The interpreters the sandbox's shell offers, one line each. */
function describePrograms(capabilities: CodeInterpreterCapabilities): string[] {
  const lines: string[] = [];
  const { languages } = capabilities;
  if (languages.includes('python')) {
    lines.push(
      capabilities.pythonRuntime === 'native'
        ? '- python3 (or python): CPython 3 with the packages installed on the server (for example numpy, pandas, matplotlib); pip cannot install more.'
        : '- python3 (or python): Python 3 (Pyodide) with the standard library only (json, csv, re, math, statistics, datetime, ...); no numpy or pandas, and pip cannot install anything.',
    );
  }
  if (languages.includes('javascript')) {
    lines.push(
      "- node: JavaScript (node FILE.js, node -e CODE) with Node's fs, fs/promises and path over /workspace; no other Node modules, no process or fetch.",
    );
  }
  if (languages.includes('typescript')) {
    lines.push(
      '- tsx: TypeScript (tsx FILE.ts), run as node runs JavaScript; types are stripped, not checked.',
    );
  }
  return lines;
}

/**
 * What the agent reads about a code-interpreter sandbox session: its working directory, the
 * shell, which interpreters run programs (each in its own isolated sandbox), that commands have
 * the network its programs may reach (the interpreter's policy, if any), and the limits. Meant for the agent's instructions (`sandbox.description`).
 */
export function describeSandboxSession(
  capabilities: CodeInterpreterCapabilities,
  options: { commandTimeoutMs?: number } = {},
): string {
  const timeoutMs = options.commandTimeoutMs ?? capabilities.defaultTimeoutMs;
  const programs = describePrograms(capabilities);
  return [
    `Sandbox: a virtual bash shell (just-bash: ls, cat, grep, sed, awk, find, head, tail, wc, sort, pipes, redirections, ...) over one folder, ${workspaceMount}, the working directory. Relative paths resolve against ${workspaceMount}; files outside it cannot be read or written by file operations, and a command's other folders (a read-only root, /tmp) are not kept.`,
    ...(programs.length > 0
      ? [
          'Programs run with these commands, each in a fresh isolated sandbox that sees /workspace (nothing else of the machine, no state kept between commands):',
          ...programs,
        ]
      : ['No program interpreters are offered: only the shell commands.']),
    capabilities.network
      ? `Programs run with python3, node or tsx may make HTTP requests (fetch; urllib, http.client) to the hosts the interpreter allows: ${capabilities.network} The shell's own commands download nothing and nothing can be installed. No access to the host machine, its files or its environment.`
      : 'No network (no downloads, no package installs); no access to the host machine, its files or its environment.',
    `Limits: each command line may run ${timeoutMs} ms (then it is stopped with exit code 124); each program gets ${capabilities.defaultMemoryLimitMb} MB of memory; output beyond ${capabilities.maxOutputChars} characters per stream is cut in the middle; a file or the workspace past its size limit is refused (EFBIG, ENOSPC).`,
    "A command's output arrives when it ends (no live output), and standard input is passed whole when closed: commands are not interactive.",
  ].join('\n');
}
