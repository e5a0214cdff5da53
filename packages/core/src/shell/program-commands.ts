import {
  type Command,
  type CommandContext,
  defineCommand,
  type ExecResult,
  latin1FromBytes,
} from 'just-bash';
import {
  type ProgramInvocation,
  parseNodeArguments,
  parsePythonArguments,
} from './program-arguments';
import { javascriptProgramCode, pythonProgramCode, type ShellProgramSource } from './program-code';
import { programExit, type ShellProgramOutcome } from './program-exit';
import { decodeBytes } from './shell-encoding';

/** A program the shell asks the worker to run in a fresh stateless sandbox. */
export interface ShellProgram {
  language: 'python' | 'javascript' | 'typescript';
  code: string;
}

/** Which interpreters the shell offers, and how their programs run. */
export interface ProgramCommandsOptions {
  /** The Python runtime, when Python is enabled: its `python3`/`python`/`pip` commands. */
  python?: 'pyodide' | 'native';
  /** True when JavaScript is enabled (`node`). */
  javascript: boolean;
  /** True when TypeScript is enabled (`tsx`, and `node FILE.ts`). */
  typescript: boolean;
  /** Runs a program in a fresh sandbox of its language, within the command line's deadline. */
  run(program: ShellProgram): Promise<ShellProgramOutcome>;
}

/** Most characters of program text and stdin one command sends to a sandbox. */
export const maxProgramInputChars = 16 * 1024 * 1024;

const nodeArgv0 = '/usr/local/bin/node';

/**
 * The shell's `python3`, `python`, `pip`, `pip3`, `node` and `tsx`: each program runs like a new
 * interpreter process would, in a fresh stateless sandbox of our runtimes (never a host process),
 * with the session's workspace, its stdout and stderr piped into the shell, and an exit status.
 */
export function programCommands(options: ProgramCommandsOptions): Command[] {
  const commands: Command[] = [];
  if (options.python) {
    const python = (name: string) =>
      defineCommand(name, (args, ctx) => runPython(name, args, ctx, options));
    commands.push(python('python3'), python('python'));
    const pip = (name: string) =>
      defineCommand(name, async () => ({
        stdout: '',
        stderr: pipAnswer(name, options.python as 'pyodide' | 'native'),
        exitCode: 1,
      }));
    commands.push(pip('pip'), pip('pip3'));
  }
  if (options.javascript || options.typescript) {
    commands.push(defineCommand('node', (args, ctx) => runNode('node', args, ctx, options)));
  }
  if (options.typescript) {
    commands.push(defineCommand('tsx', (args, ctx) => runNode('tsx', args, ctx, options)));
  }
  return commands;
}

/** What `pip` answers: nothing can be installed, and which Python this is. */
export function pipAnswer(name: string, runtime: 'pyodide' | 'native'): string {
  const which =
    runtime === 'pyodide'
      ? 'Python here is Pyodide (CPython compiled to WebAssembly) with the standard library only: write the program with the standard library.'
      : "Python here is the machine's python3 in a sandbox, with the packages installed on it (import one to check, e.g. python3 -c 'import pandas').";
  return `${name}: packages cannot be installed in this sandbox (it has no network, and its packages are fixed). ${which}\n`;
}

async function runPython(
  name: string,
  args: string[],
  ctx: CommandContext,
  options: ProgramCommandsOptions,
): Promise<ExecResult> {
  const invocation = parsePythonArguments(args);
  if (
    invocation.kind === 'module' &&
    (invocation.module === 'pip' || invocation.module === 'ensurepip')
  ) {
    return {
      stdout: '',
      stderr: pipAnswer(`${name} -m pip`, options.python ?? 'pyodide'),
      exitCode: 1,
    };
  }
  if (invocation.kind === 'help') {
    return {
      stdout: `usage: ${name} [option] ... [-c cmd | -m mod | file | -] [arg] ...\n`,
      stderr: '',
      exitCode: 0,
    };
  }
  if (invocation.kind === 'usage-error') {
    return {
      stdout: '',
      stderr: `${invocation.message}\nusage: ${name} [option] ... [-c cmd | -m mod | file | -] [arg] ...\n`,
      exitCode: 2,
    };
  }
  const program = await programSource(invocation, ctx, {
    codeName: '<string>',
    argv0: { code: '-c', module: '-m', stdin: '' },
    absoluteFile: false,
  });
  if ('exitCode' in program) {
    return {
      stdout: '',
      stderr: `${name}: can't open file '${program.path}': [Errno 2] No such file or directory\n`,
      exitCode: 2,
    };
  }
  const code =
    invocation.kind === 'version'
      ? 'import sys\nprint("Python " + sys.version.split()[0])'
      : pythonProgramCode(program, invocation.kind === 'module' ? invocation.module : undefined);
  return runProgram(options, { language: 'python', code }, (outcome) =>
    programExit(outcome, { command: name, language: 'python', filename: program.filename }),
  );
}

async function runNode(
  name: 'node' | 'tsx',
  args: string[],
  ctx: CommandContext,
  options: ProgramCommandsOptions,
): Promise<ExecResult> {
  const invocation = parseNodeArguments(args);
  if (invocation.kind === 'help') {
    return {
      stdout: `Usage: ${name} [options] [ -e script | script.js | - ] [arguments]\n`,
      stderr: '',
      exitCode: 0,
    };
  }
  if (invocation.kind === 'usage-error') {
    return { stdout: '', stderr: `${name}: ${invocation.message}\n`, exitCode: 9 };
  }
  if (invocation.kind === 'version') {
    return { stdout: `v${process.versions.node}\n`, stderr: '', exitCode: 0 };
  }
  const program = await programSource(invocation, ctx, {
    codeName: '[eval]',
    argv0: { code: nodeArgv0, module: nodeArgv0, stdin: nodeArgv0 },
    absoluteFile: true,
  });
  if ('exitCode' in program) {
    return {
      stdout: '',
      stderr: `Error: Cannot find module '${program.path}'\n`,
      exitCode: 1,
    };
  }
  if (invocation.kind === 'file') program.argv.unshift(nodeArgv0);
  const typescript = name === 'tsx' || /\.[mc]?tsx?$/.test(program.filename);
  if (typescript && !options.typescript) {
    return {
      stdout: '',
      stderr: `${name}: TypeScript is not enabled in this interpreter\n`,
      exitCode: 1,
    };
  }
  if (!typescript && !options.javascript) {
    return {
      stdout: '',
      stderr: `${name}: JavaScript is not enabled in this interpreter (run TypeScript with tsx)\n`,
      exitCode: 1,
    };
  }
  const { code, prefixLength } = javascriptProgramCode(program);
  const print = invocation.kind === 'code' && invocation.print === true;
  return runProgram(
    options,
    { language: typescript ? 'typescript' : 'javascript', code },
    (outcome) => {
      const exit = programExit(outcome, {
        command: name,
        language: 'javascript',
        filename: program.filename,
        prefixLength,
      });
      if (print && exit.exitCode === 0) exit.stdout += `${outcome.value ?? 'undefined'}\n`;
      return exit;
    },
  );
}

/** The program's text and argv, or the path of a file that could not be read. */
async function programSource(
  invocation: Exclude<ProgramInvocation, { kind: 'help' | 'usage-error' }>,
  ctx: CommandContext,
  naming: {
    codeName: string;
    argv0: { code: string; module: string; stdin: string };
    absoluteFile: boolean;
  },
): Promise<ShellProgramSource | { exitCode: number; path: string }> {
  const env = ctx.exportedEnv ?? Object.fromEntries(ctx.env);
  const stdin = latin1FromBytes(ctx.stdin);
  const base = { cwd: ctx.cwd, env, stdin };
  switch (invocation.kind) {
    case 'code':
      return {
        ...base,
        source: invocation.code,
        filename: naming.codeName,
        argv: [naming.argv0.code, ...invocation.args],
      };
    case 'module':
      return {
        ...base,
        source: '',
        filename: '<module>',
        argv: [naming.argv0.module, ...invocation.args],
      };
    case 'version':
      return { ...base, source: '', filename: '<version>', argv: [] };
    case 'stdin':
      // The program is what stdin holds; it then has no input of its own.
      return {
        ...base,
        stdin: '',
        source: decodeBytes(Buffer.from(stdin, 'latin1')),
        filename: '<stdin>',
        argv: [naming.argv0.stdin, ...invocation.args],
      };
    case 'file': {
      const absolute = ctx.fs.resolvePath(ctx.cwd, invocation.path);
      let source: string;
      try {
        source = await ctx.fs.readFile(absolute);
      } catch {
        return { exitCode: 1, path: naming.absoluteFile ? absolute : invocation.path };
      }
      // Errors name the file by its full path (as Python 3.9+ and Node do); Python's argv[0] is
      // the path as given, Node's the full path.
      const argv0 = naming.absoluteFile ? absolute : invocation.path;
      return { ...base, source, filename: absolute, argv: [argv0, ...invocation.args] };
    }
  }
}

async function runProgram(
  options: ProgramCommandsOptions,
  program: ShellProgram,
  exit: (outcome: ShellProgramOutcome) => ExecResult,
): Promise<ExecResult> {
  if (program.code.length > maxProgramInputChars) {
    return {
      stdout: '',
      stderr: `the program and its input are too large to run (${program.code.length} characters; at most ${maxProgramInputChars})\n`,
      exitCode: 1,
    };
  }
  return exit(await options.run(program));
}
