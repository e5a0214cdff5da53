import type { CodeInterpreterCapabilities } from '../interpreter/code-interpreter';
import type { SupportedLanguage } from '../schema/code-execution-schema';
import { describeSandboxTools } from '../tools/describe-sandbox-tools';
import type { SandboxTools } from '../tools/sandbox-tool';

/** Options of {@link describeCodeInterpreter}. */
export interface DescribeCodeInterpreterOptions {
  /**
   * Languages to describe (a subset of the interpreter's).
   * @default capabilities.languages
   */
  languages?: readonly SupportedLanguage[];
  /**
   * True when calls share one session, so variables persist from one call to the next.
   * @default false
   */
  session?: boolean;
  /**
   * The application's tools the code may call (code mode): their TypeScript declarations and
   * Python stubs are appended (see `describeSandboxTools`).
   */
  tools?: SandboxTools;
}

function describeLanguage(language: SupportedLanguage, capabilities: CodeInterpreterCapabilities) {
  switch (language) {
    case 'javascript':
      return capabilities.network
        ? "- javascript: modern JavaScript with top-level await, timers, URL, TextEncoder, crypto.randomUUID, fetch (to the hosts below); Node's fs, fs/promises and path (import or require) over /workspace; no other Node modules or process."
        : "- javascript: modern JavaScript with top-level await, timers, URL, TextEncoder, crypto.randomUUID; Node's fs, fs/promises and path (import or require) over /workspace; no other Node modules, process or fetch.";
    case 'typescript':
      return '- typescript: the same as javascript; types are stripped, not checked.';
    case 'python':
      return capabilities.pythonRuntime === 'native'
        ? '- python: CPython 3 with the packages installed on the server (for example numpy, pandas, matplotlib); no pip install.'
        : '- python: Python 3 (Pyodide) with the standard library only (json, re, math, statistics, datetime, collections, itertools, decimal, csv, random, asyncio, ...); no numpy, pandas or pip install.';
  }
}

/**
 * Describes an interpreter to a language model: the languages it has, what Python can import, the
 * sandbox's rules, the limits and how results come back. Adapters use it as their tool description.
 *
 * @example
 * ```ts
 * const description = describeCodeInterpreter(interpreter.capabilities, { session: true });
 * ```
 */
export function describeCodeInterpreter(
  capabilities: CodeInterpreterCapabilities,
  options: DescribeCodeInterpreterOptions = {},
): string {
  const languages = (options.languages ?? capabilities.languages).filter((language) =>
    capabilities.languages.includes(language),
  );
  const lines = [
    'Runs code in an isolated sandbox and returns what it printed, the value of its last expression and any error.',
    'Languages (set `language`):',
    ...languages.map((language) => describeLanguage(language, capabilities)),
    'Print with console.log / print(); the value of the last expression is shown too, REPL-style.',
  ];
  if (capabilities.images && languages.includes('python')) {
    lines.push('Python matplotlib figures (plt.show() or left open) come back as PNG images.');
  }
  lines.push(
    capabilities.network
      ? `${capabilities.network} (JavaScript: fetch; Python: urllib.request, http.client${capabilities.pythonRuntime === 'native' ? '' : ', pyodide.http.pyfetch'}). Otherwise the sandbox has no access to the host machine, its files or its environment${options.tools && Object.keys(options.tools).length > 0 ? ', except through the tools below' : ''}.`
      : options.tools && Object.keys(options.tools).length > 0
        ? 'The sandbox has no network and no access to the host machine, its files or its environment, except through the tools below.'
        : 'The sandbox has no network and no access to the host machine, its files or its environment.',
    options.session
      ? 'Files: the working directory is /workspace, one folder shared by every language and kept across calls (files survive a session reset); the result lists the files a call created, changed or deleted.'
      : 'Files: the working directory is /workspace, empty at the start of each call; the result lists the files a call wrote.',
    options.session
      ? 'Variables, functions and imports persist from one call to the next (per language), until a call times out, runs out of memory or is cancelled: then the result says the session was reset, and the next call starts fresh.'
      : 'Each call starts fresh: nothing persists between calls, so send complete programs.',
    `Limits: time ${capabilities.defaultTimeoutMs} ms by default, at most ${capabilities.maxTimeoutMs} ms (\`timeout\`); memory ${capabilities.defaultMemoryLimitMb} MB by default, at most ${capabilities.maxMemoryLimitMb} MB (\`memoryLimit\`); output beyond ${capabilities.maxOutputChars} characters per stream is cut in the middle.`,
    'If the code fails, the error and its line come back: fix the code and call again.',
  );
  if (options.tools && Object.keys(options.tools).length > 0) {
    lines.push(describeSandboxTools(options.tools, { languages }));
  }
  return lines.join('\n');
}
