/**
 * The code a shell's `python3`/`node` command sends to a stateless sandbox: the user's program
 * wrapped so it runs as that interpreter's process would (its argv, environment, working directory
 * and stdin; Python's `__main__`; an uncaught error printed on stderr and exit status 1).
 */

/** What a program run from the shell is given. */
export interface ShellProgramSource {
  /** The program's text. */
  source: string;
  /** The name its errors show: the file's full path, or `<string>` for `-c`, `<stdin>`... */
  filename: string;
  /** `sys.argv` / `process.argv`, as the interpreter would set it. */
  argv: string[];
  /** The shell's working directory (a sandbox path). */
  cwd: string;
  /** The command's exported environment. */
  env: Record<string, string>;
  /** Standard input, one character per byte (latin1). */
  stdin: string;
}

/** Python's string literal of `text` (JSON's escapes are all valid in Python). */
function pythonString(text: string): string {
  return JSON.stringify(text);
}

/**
 * A Python cell that runs `program` like `python3 FILE` would: a fresh `__main__` namespace,
 * `sys.argv`, `sys.stdin`, `os.environ` and the working directory set, the file's folder first
 * on `sys.path`, an uncaught exception printed as Python prints it (without this wrapper's frame),
 * and `SystemExit` carrying an integer status (a message is printed, status 1).
 * With `module`, runs that module as `python3 -m` does.
 */
export function pythonProgramCode(program: ShellProgramSource, module?: string): string {
  const isFile = !program.filename.startsWith('<');
  const pathEntry = isFile ? program.filename.replace(/\/[^/]*$/, '') || '/' : '';
  return `def __code_interpreter_main():
    import io, os, sys, traceback, linecache
    source = ${pythonString(program.source)}
    filename = ${pythonString(program.filename)}
    sys.argv = ${JSON.stringify(program.argv)}
    sys.stdin = io.TextIOWrapper(io.BytesIO(${pythonString(program.stdin)}.encode("latin-1")), encoding="utf-8")
    os.environ.update(${JSON.stringify(program.env)})
    try:
        os.chdir(${pythonString(program.cwd)})
    except OSError:
        pass
    sys.path.insert(0, ${pythonString(pathEntry)})
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    # The application's tools (code mode), as every program of the session has them.
    shared = {name: globals()[name] for name in ("tools", "ToolError") if name in globals()}
    namespace.update(shared)
    if ${isFile ? 'True' : 'False'}:
        namespace["__file__"] = filename
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        ${
          module === undefined
            ? 'exec(compile(source, filename, "exec"), namespace)'
            : `import runpy\n        runpy.run_module(${pythonString(module)}, init_globals=shared, run_name="__main__", alter_sys=True)`
        }
    except SystemExit as error:
        code = error.code
        if code is None:
            code = 0
        elif not isinstance(code, int):
            print(code, file=sys.stderr)
            code = 1
        if code != 0:
            raise SystemExit(code) from None
    except Exception as error:
        traceback.print_exception(type(error), error, error.__traceback__.tb_next)
        raise SystemExit(1) from None
__code_interpreter_main()
`;
}

/**
 * A JavaScript (or TypeScript) program with `process.argv`, `process.env`, `process.cwd()` and
 * `process.exit()` set as Node sets them. The setup goes in front of the program's first line
 * (a `#!` line becomes a comment), so its line numbers stay as they are; `prefixLength` is how
 * many columns it adds to line 1 (see `fixJavaScriptStack`).
 */
export function javascriptProgramCode(program: ShellProgramSource): {
  code: string;
  prefixLength: number;
} {
  const source = program.source.startsWith('#!') ? `//${program.source.slice(2)}` : program.source;
  const prefix = `;((g)=>{const p=g.process??(g.process={});const s=(k,v)=>{try{p[k]=v}catch{}};s('argv',${JSON.stringify(program.argv)});s('env',${JSON.stringify(program.env)});if(typeof p.cwd!=='function')s('cwd',()=>${JSON.stringify(program.cwd)});if(typeof p.exit!=='function')s('exit',(c=0)=>{const e=new Error('process.exit('+(Number(c)|0)+')');e.name='ProcessExit';throw e});})(globalThis);`;
  return { code: `${prefix}${source}`, prefixLength: prefix.length };
}

/**
 * A JavaScript stack as Node would show it for `filename`: the runtime's `cell.js` frames named
 * after the file, and columns on line 1 without the setup placed in front of it.
 */
export function fixJavaScriptStack(stack: string, filename: string, prefixLength: number): string {
  return stack.replace(/\bcell\.js:(\d+):(\d+)/g, (_match, line: string, column: string) => {
    const shown = line === '1' ? Math.max(1, Number(column) - prefixLength) : Number(column);
    return `${filename}:${line}:${shown}`;
  });
}
