"""Reference for the Python fidelity suite: what plain CPython shows for a notebook cell.

Deliberately independent of packages/core/python/code_interpreter_driver.py (it imports nothing
of ours), so a change in how the driver renders values, streams or errors shows up as a
difference. Each case is one cell, run the way a REPL or notebook runs it:

- every statement but the last runs with exec(); a last statement that is an expression is
  evaluated with eval() and its repr() is the value, unless it is None (then there is no value);
- sys.stdout and sys.stderr are captured while the cell runs (print, writes, warnings);
- an uncaught exception gives its class name, its message (str(exception); a SyntaxError's msg;
  a SystemExit's code), the line of the innermost frame in the cell, and the traceback CPython
  prints, from the cell's first frame on. A SyntaxError gives its line, column and the lines
  CPython prints for it. SystemExit with code 0 or None ends the cell successfully.

The cell is compiled as "<cell>" with its source in linecache, in a fresh "__main__" namespace.

stdin: {"cases": [{"name": str, "code": str}, ...]}
stdout: {"version": sys.version, "results": {name: {"stdout", "stderr", "value", "error"}}}
"""

import ast
import builtins
import io
import json
import linecache
import sys
import traceback
import types
import warnings

FILENAME = "<cell>"
real_stdout = sys.stdout
real_stderr = sys.stderr


def cell_error(error):
    name = type(error).__name__
    if isinstance(error, SyntaxError):
        info = {
            "name": name,
            "message": error.msg,
            "line": error.lineno,
            "stack": "".join(traceback.format_exception_only(type(error), error)).rstrip("\n"),
        }
        if isinstance(error.offset, int) and error.offset > 0:
            info["column"] = error.offset
        return info
    if isinstance(error, SystemExit):
        if error.code is None or error.code == 0 or error.code is False:
            return None
        message = str(error.code)
    else:
        message = str(error)
    # The traceback from the cell's first frame on (the frames of this harness come before it).
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != FILENAME:
        tb = tb.tb_next
    line = None
    entry = tb
    while entry is not None:
        if entry.tb_frame.f_code.co_filename == FILENAME:
            line = entry.tb_lineno
        entry = entry.tb_next
    error.__traceback__ = tb
    stack = "".join(traceback.format_exception(type(error), error, tb)).rstrip("\n")
    return {"name": name, "message": message, "line": line, "stack": stack}


def run_cell(code):
    lines = code.splitlines(True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    linecache.cache[FILENAME] = (len(code), None, lines, FILENAME)
    main = types.ModuleType("__main__")
    main.__dict__["__builtins__"] = builtins
    saved_main = sys.modules["__main__"]
    sys.modules["__main__"] = main
    stdout, stderr = io.StringIO(), io.StringIO()
    sys.stdout, sys.stderr = stdout, stderr
    value = None
    error = None
    restore_warnings = warnings.catch_warnings()  # a cell's filters must not reach the next cell
    restore_warnings.__enter__()
    try:
        try:
            tree = ast.parse(code, FILENAME, "exec")
            last = None
            if tree.body and isinstance(tree.body[-1], ast.Expr):
                last = compile(ast.Expression(tree.body.pop().value), FILENAME, "eval")
            body = compile(tree, FILENAME, "exec")
        except SyntaxError as syntax_error:
            error = cell_error(syntax_error)
        else:
            try:
                exec(body, main.__dict__)
                if last is not None:
                    result = eval(last, main.__dict__)
                    if result is not None:
                        value = repr(result)
            except BaseException as raised:  # SystemExit and KeyboardInterrupt end the cell too
                error = cell_error(raised)
    finally:
        restore_warnings.__exit__(None, None, None)
        sys.stdout, sys.stderr = real_stdout, real_stderr
        sys.modules["__main__"] = saved_main
    return {"stdout": stdout.getvalue(), "stderr": stderr.getvalue(), "value": value, "error": error}


request = json.load(sys.stdin)
results = {case["name"]: run_cell(case["code"]) for case in request["cases"]}
real_stdout.write(json.dumps({"version": sys.version, "results": results}))
real_stdout.flush()
