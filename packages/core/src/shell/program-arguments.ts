/**
 * What `python3 ...` / `node ...` / `tsx ...` asks for, read from its arguments the way the real
 * interpreter reads them (the options that only tune the interpreter are accepted and ignored).
 */
export type ProgramInvocation =
  /** `-c CODE` / `-e CODE` (`print`: `node -p`, whose value is printed). */
  | { kind: 'code'; code: string; args: string[]; print?: boolean }
  /** `FILE [args]`. */
  | { kind: 'file'; path: string; args: string[] }
  /** `python3 -m MODULE [args]`. */
  | { kind: 'module'; module: string; args: string[] }
  /** No program named (or `-`): the program is read from stdin. */
  | { kind: 'stdin'; args: string[] }
  | { kind: 'version' }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

/** Python options that take no value (`-u`, `-B`...): accepted, no effect here. */
const pythonFlags = new Set('bBdEhiIOqsSuvVx?'.split(''));
/** Python options followed by a value (`-W ignore`, `-X utf8`). */
const pythonValued = new Set(['W', 'X']);

/** Reads `python3`'s arguments. */
export function parsePythonArguments(args: readonly string[]): ProgramInvocation {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '-') return { kind: 'stdin', args: args.slice(index + 1) };
    if (arg === '--version' || arg === '-V') return { kind: 'version' };
    if (arg === '--help' || arg === '-h' || arg === '-?') return { kind: 'help' };
    if (arg === '--') {
      const rest = args.slice(index + 1);
      return rest.length === 0
        ? { kind: 'stdin', args: [] }
        : { kind: 'file', path: rest[0] as string, args: rest.slice(1) };
    }
    if (!arg.startsWith('-') || arg.length === 1) {
      return { kind: 'file', path: arg, args: args.slice(index + 1) };
    }
    if (arg.startsWith('--')) continue;
    // A group of one-letter options, possibly ending in one that takes the rest as its value.
    for (let at = 1; at < arg.length; at++) {
      const letter = arg[at] as string;
      if (letter === 'c' || letter === 'm') {
        const attached = arg.slice(at + 1);
        const value = attached || args[index + 1];
        if (value === undefined) {
          return { kind: 'usage-error', message: `Argument expected for the -${letter} option` };
        }
        const rest = args.slice(attached ? index + 1 : index + 2);
        return letter === 'c'
          ? { kind: 'code', code: value, args: rest }
          : { kind: 'module', module: value, args: rest };
      }
      if (pythonValued.has(letter)) {
        if (at === arg.length - 1) index++;
        break;
      }
      if (!pythonFlags.has(letter)) {
        return { kind: 'usage-error', message: `Unknown option: -${letter}` };
      }
    }
  }
  return { kind: 'stdin', args: [] };
}

/** Reads `node`'s (or `tsx`'s) arguments. */
export function parseNodeArguments(args: readonly string[]): ProgramInvocation {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '-') return { kind: 'stdin', args: args.slice(index + 1) };
    if (arg === '--version' || arg === '-v') return { kind: 'version' };
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--') {
      const rest = args.slice(index + 1);
      return rest.length === 0
        ? { kind: 'stdin', args: [] }
        : { kind: 'file', path: rest[0] as string, args: rest.slice(1) };
    }
    const evaluate = /^(-e|--eval|-p|--print)(?:=(.*))?$/s.exec(arg);
    if (evaluate) {
      const value = evaluate[2] ?? args[index + 1];
      if (value === undefined)
        return { kind: 'usage-error', message: `${arg} requires an argument` };
      const print = evaluate[1] === '-p' || evaluate[1] === '--print';
      return {
        kind: 'code',
        code: value,
        args: args.slice(evaluate[2] === undefined ? index + 2 : index + 1),
        ...(print ? { print } : {}),
      };
    }
    if (arg.startsWith('-')) continue;
    return { kind: 'file', path: arg, args: args.slice(index + 1) };
  }
  return { kind: 'stdin', args: [] };
}
