"""Notebook-cell semantics for code-interpreter's Python sandboxes.

Shared by both Python runtimes: Pyodide (CPython in WebAssembly, inside a V8 isolate) and the
machine's python3 under bubblewrap. Standard library only; works on CPython 3.11+ and in Pyodide
(no subprocesses, no signals, the event loop is Pyodide's WebLoop).

    driver = Driver()
    result = driver.run_cell("x = 6 * 7\\nx")            # native CPython (drives asyncio itself)
    result = await driver.run_cell_async("await f()")    # Pyodide (awaited on the WebLoop)

A result is a dict ready for JSON:
    {"stdout": str, "stderr": str, "value": str | None,
     "error": None | {"name", "message", "line", "column"?, "stack"},
     "images": [{"mediaType": "image/png", "data": base64}], "truncated": bool}

What a cell gets:
- `value`: repr() of the last statement when it is an expression (None shows nothing), as in
  the REPL; over `max_output_chars` it is cut in the middle.
- stdout and stderr: `sys.stdout` / `sys.stderr` are replaced while the cell runs; each keeps at
  most `max_output_chars` characters (the first and last halves, with a note of how much was cut
  between). `on_output(stream, text)` receives chunks as they are written, up to that cap.
- errors: name, message, the line in the running cell, and a CPython-style traceback trimmed to
  user frames. The running cell is shown as `<cell>`, earlier cells of the session as `<cell-N>`.
  `sys.exit(0)` / `sys.exit()` end the cell successfully; other codes are a `SystemExit` error.
- matplotlib (only once user code imports it): rendering goes to Agg, `plt.show()` returns the
  open figures as PNG images and closes them, and figures still open at the end of a cell are
  returned too.

Hardening is the sandbox's job, not this module's: user code runs in the same interpreter and can
reach everything here. The module only keeps its own references to what it needs (captured at
import time) so that ordinary mischief in user code (`json.dumps = None`, `sys.stdout = None`,
`builtins.repr = ...`) cannot break how a result is reported.
"""

import ast
import base64
import builtins
import codecs
import io
import linecache
import os
import sys
import traceback
import types
import warnings

try:  # Pyodide has the module; the lock is only contended when the host feeds raw output.
    import _thread

    _allocate_lock = _thread.allocate_lock
except ImportError:  # pragma: no cover - every supported build has _thread
    _allocate_lock = None

__all__ = ["Driver", "DEFAULT_MAX_OUTPUT_CHARS"]

DEFAULT_MAX_OUTPUT_CHARS = 100_000
MAX_IMAGES_PER_CELL = 20
MAX_IMAGE_BYTES_PER_CELL = 16 * 1024 * 1024
MAX_TRACEBACK_FRAMES = 100
CURRENT_CELL_LABEL = "<cell>"

_BACKEND_MODULE = "_code_interpreter_mpl_backend"
_CO_COROUTINE = 0x0080  # inspect.CO_COROUTINE, without importing inspect
_TOP_LEVEL_AWAIT = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT

# References captured at import time, so user code that rebinds them cannot break reporting.
_repr = builtins.repr
_str = builtins.str
_len = builtins.len
_isinstance = builtins.isinstance
_type = builtins.type
_getattr = builtins.getattr
_eval = builtins.eval
_compile = builtins.compile
_b64encode = base64.b64encode
_os_write = _getattr(os, "write", None)
_sys_modules = sys.modules
_linecache_cache = linecache.cache
_TracebackException = traceback.TracebackException
_format_exception_only = traceback.format_exception_only
_BytesIO = io.BytesIO
_UnsupportedOperation = io.UnsupportedOperation
_utf8_decoder = codecs.getincrementaldecoder("utf-8")
_module_globals = globals()
_forked = [False]  # set in a child forked from Python (os.fork, multiprocessing)


def _mark_forked():
    _forked[0] = True


if _getattr(os, "register_at_fork", None) is not None:
    os.register_at_fork(after_in_child=_mark_forked)
_original_formatwarning = warnings.formatwarning
_getline = linecache.getline
_current_cell = [None]  # filename of the running cell, shown as CURRENT_CELL_LABEL


def _formatwarning(message, category, filename, lineno, line=None):
    if filename == _current_cell[0]:
        if line is None:
            line = _getline(filename, lineno)
        filename = CURRENT_CELL_LABEL
    return _original_formatwarning(message, category, filename, lineno, line)


class _NullLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _new_lock():
    return _allocate_lock() if _allocate_lock is not None else _NullLock()


class _CappedStream:
    """One stream of a cell: keeps at most `limit` characters (the first half and the last
    half) and passes what it keeps of the first `limit` characters to the streaming callback."""

    def __init__(self, name, limit, on_output, lock):
        self.name = name
        self.limit = limit
        self.head_limit = limit - limit // 2
        self.tail_limit = limit // 2
        self.head = []
        self.head_len = 0
        self.tail = []
        self.tail_len = 0
        self.total = 0
        self.streamed = 0
        self.on_output = on_output
        self.lock = lock

    def add(self, text):
        size = _len(text)
        if not size:
            return
        with self.lock:
            self.total += size
            if self.head_len < self.head_limit:
                room = self.head_limit - self.head_len
                piece = text[:room]
                self.head.append(piece)
                self.head_len += _len(piece)
                rest = text[room:]
            else:
                rest = text
            if rest and self.tail_limit:
                self.tail.append(rest)
                self.tail_len += _len(rest)
                if self.tail_len > 2 * self.tail_limit + 4096:
                    kept = "".join(self.tail)[-self.tail_limit :]
                    self.tail = [kept]
                    self.tail_len = _len(kept)
            callback = self.on_output
            if callback is not None and self.streamed < self.limit:
                piece = text[: self.limit - self.streamed]
                self.streamed += _len(piece)
                try:
                    callback(self.name, piece)
                except BaseException:  # a broken callback must never break the user's program
                    pass

    @property
    def truncated(self):
        return self.total > self.limit

    def text(self):
        head = "".join(self.head)
        tail = "".join(self.tail)
        if not self.truncated:
            return head + tail
        tail = tail[-self.tail_limit :] if self.tail_limit else ""
        cut = self.total - _len(head) - _len(tail)
        return "%s\n… [%d characters of %s cut] …\n%s" % (head, cut, self.name, tail)


class _CellCapture:
    """Everything one cell produces: both streams (capped, streamed) and images."""

    def __init__(self, max_output_chars, on_output):
        self.max_output_chars = limit = max(0, int(max_output_chars))
        self.lock = _new_lock()
        self.streams = {
            "stdout": _CappedStream("stdout", limit, on_output, self.lock),
            "stderr": _CappedStream("stderr", limit, on_output, self.lock),
        }
        self.images = []
        self.image_bytes = 0
        self.images_dropped = 0

    def add(self, stream, text):
        self.streams[stream].add(text)

    def add_image(self, png_bytes):
        if _len(self.images) >= MAX_IMAGES_PER_CELL or (
            self.image_bytes + _len(png_bytes) > MAX_IMAGE_BYTES_PER_CELL
        ):
            self.images_dropped += 1
            return
        self.image_bytes += _len(png_bytes)
        self.images.append({"mediaType": "image/png", "data": _b64encode(png_bytes).decode("ascii")})


class _CaptureBinary:
    """`sys.stdout.buffer`: bytes are decoded as UTF-8, invalid sequences become U+FFFD."""

    def __init__(self, text_stream):
        self._text = text_stream
        self._decoder = _utf8_decoder(errors="replace")

    def write(self, data):
        if _isinstance(data, memoryview):
            data = data.tobytes()
        if not _isinstance(data, (bytes, bytearray)):
            raise TypeError("a bytes-like object is required, not '%s'" % _type(data).__name__)
        self._text._write_text(self._decoder.decode(bytes(data)))
        return _len(data)

    def flush(self):
        pass

    def _finish_decoding(self):
        tail = self._decoder.decode(b"", final=True)
        if tail:
            self._text._write_text(tail)

    def writable(self):
        return True

    def readable(self):
        return False

    def seekable(self):
        return False

    def isatty(self):
        return False

    def fileno(self):
        return self._text.fileno()

    @property
    def closed(self):
        return self._text.closed

    def close(self):
        self._text.close()


class _CaptureStream(io.TextIOBase):
    """What `sys.stdout` / `sys.stderr` are while a cell runs."""

    encoding = "utf-8"
    errors = "strict"
    newlines = None
    line_buffering = False
    mode = "w"

    def __init__(self, driver, capture, stream, fd):
        super().__init__()
        self._add = capture.streams[stream].add
        self._before_output = driver._before_output
        self._fd = fd
        self.name = "<%s>" % stream
        self.buffer = _CaptureBinary(self)

    def _write_text(self, text):
        if _forked[0] and self._fd is not None and _os_write is not None:
            # A forked child (os.fork, multiprocessing): its memory is a copy, so write to the
            # real descriptor, which the host captures, instead of a buffer nobody will read.
            data = text.encode("utf-8", "replace")
            while data:
                data = data[_os_write(self._fd, data) :]
            return
        hook = self._before_output
        if hook is not None:
            hook()
        self._add(text)

    def write(self, text):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        if text.__class__ is not _str and not _isinstance(text, _str):
            raise TypeError("write() argument must be str, not %s" % _type(text).__name__)
        if _forked[0] or self._before_output is not None:
            self._write_text(text)
        else:
            self._add(text)
        return _len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        if self.closed:
            raise ValueError("I/O operation on closed file.")

    def isatty(self):
        return False

    def readable(self):
        return False

    def writable(self):
        return True

    def seekable(self):
        return False

    def fileno(self):
        if self._fd is None:
            raise _UnsupportedOperation("fileno")
        return self._fd


class _BackendLoader:
    """Builds the matplotlib backend module: Agg rendering, `show()` captures the figures."""

    def __init__(self, driver):
        self._driver = driver

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        from matplotlib.backend_bases import FigureManagerBase
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        driver = self._driver

        def show(*args, **kwargs):
            driver._capture_figures()

        module.FigureCanvas = FigureCanvasAgg
        module.FigureManager = FigureManagerBase
        module.show = show


class _ConfigureMatplotlibLoader:
    """Wraps matplotlib's own loader: once matplotlib is imported, select our backend."""

    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        create = _getattr(self._loader, "create_module", None)
        return create(spec) if create is not None else None

    def exec_module(self, module):
        self._loader.exec_module(module)
        try:
            module.rcParams["backend"] = "module://" + _BACKEND_MODULE
        except Exception:  # an unusual matplotlib: it keeps its own backend (Agg via MPLBACKEND)
            pass

    def __getattr__(self, name):
        return _getattr(self._loader, name)


class _MatplotlibFinder:
    """A meta path finder that only acts when user code imports matplotlib (never eagerly)."""

    def __init__(self, driver):
        self._driver = driver

    def find_spec(self, fullname, path=None, target=None):
        if fullname == _BACKEND_MODULE:
            from importlib.machinery import ModuleSpec

            return ModuleSpec(fullname, _BackendLoader(self._driver))
        if fullname != "matplotlib":
            return None
        for finder in list(sys.meta_path):
            if finder is self or _isinstance(finder, _MatplotlibFinder):
                continue
            find = _getattr(finder, "find_spec", None)
            if find is None:
                continue
            spec = find(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _ConfigureMatplotlibLoader(spec.loader)
                return spec
        return None

    def invalidate_caches(self):
        pass


class _PreparedCell:
    __slots__ = ("filename", "body", "last_expression", "is_async")

    def __init__(self, filename, body, last_expression):
        self.filename = filename
        self.body = body
        self.last_expression = last_expression
        self.is_async = bool(
            (body is not None and body.co_flags & _CO_COROUTINE)
            or (last_expression is not None and last_expression.co_flags & _CO_COROUTINE)
        )


class Driver:
    """One Python session: a `__main__` namespace that persists across cells.

    Args:
        stream_fds: file descriptors that `sys.stdout.fileno()` / `sys.stderr.fileno()` report, as
            a pair `(1, 2)`, when the host captures output written to them directly (the native
            runtime does); `None` makes `fileno()` raise `io.UnsupportedOperation` (Pyodide).
        before_output: called before each write to the captured streams; the native runtime
            drains output written to fds 1 and 2 there, so it lands in order.
        before_result: called once at the end of each cell, before its streams are read (the
            native runtime drains fds 1 and 2 a last time there).
        install_as_main: make the namespace `sys.modules['__main__']` (pickling of functions
            defined in cells, e.g. by multiprocessing, needs it).
    """

    def __init__(self, stream_fds=None, before_output=None, before_result=None, install_as_main=True):
        main = types.ModuleType("__main__")
        main.__dict__["__builtins__"] = builtins
        self.module = main
        self.namespace = main.__dict__
        self._cell_count = 0
        self._cell_filenames = set()
        self._stream_fds = stream_fds
        self._before_output = before_output
        self._before_result = before_result
        self._capture = None
        self._loop = None
        if install_as_main:
            _sys_modules["__main__"] = main
        os.environ.setdefault("MPLBACKEND", "Agg")
        if warnings.formatwarning is _original_formatwarning:
            warnings.formatwarning = _formatwarning
        if not any(_isinstance(f, _MatplotlibFinder) for f in sys.meta_path):
            sys.meta_path.insert(0, _MatplotlibFinder(self))

    # ---- public API ------------------------------------------------------------------------

    def run_cell(self, code, max_output_chars=DEFAULT_MAX_OUTPUT_CHARS, on_output=None):
        """Runs one cell to completion and returns its result dict (never raises for faults in
        the cell). A cell without top-level `await` runs synchronously, so `asyncio.run()` works
        in it; one with top-level `await` runs on the driver's own event loop, which persists
        across cells (tasks started in one cell keep running in the next).

        Args:
            code: the cell's source.
            max_output_chars: most characters kept per stream (and of the rendered value).
            on_output: optional `callback(stream, text)`, `stream` being "stdout" or "stderr",
                called as output is written, up to `max_output_chars` per stream.
        """
        capture = self._begin(max_output_chars, on_output)
        try:
            prepared = self._prepare(code, capture)
            if _isinstance(prepared, dict):
                return prepared
            if prepared.is_async:
                import asyncio  # only now: importing asyncio costs ~40 ms at startup

                loop = self._loop
                if loop is None or loop.is_closed():
                    loop = self._loop = asyncio.new_event_loop()
                outcome = loop.run_until_complete(self._execute(prepared))
            else:
                outcome = self._drive_sync(self._execute(prepared))
            return self._finish(capture, prepared.filename, *outcome)
        finally:
            self._end(capture)

    async def run_cell_async(self, code, max_output_chars=DEFAULT_MAX_OUTPUT_CHARS, on_output=None):
        """Like `run_cell`, on the running event loop (Pyodide's WebLoop): top-level `await` in
        the cell is awaited there. A cell without it completes without yielding to the loop."""
        capture = self._begin(max_output_chars, on_output)
        try:
            prepared = self._prepare(code, capture)
            if _isinstance(prepared, dict):
                return prepared
            outcome = await self._execute(prepared)
            return self._finish(capture, prepared.filename, *outcome)
        finally:
            self._end(capture)

    def feed_output(self, stream, text):
        """Adds text written outside `sys.stdout`/`sys.stderr` (e.g. to fd 1) to the running cell.
        Dropped when no cell runs."""
        capture = self._capture
        if capture is not None and text:
            capture.add(stream, text)

    # ---- cell lifecycle --------------------------------------------------------------------

    def _begin(self, max_output_chars, on_output):
        capture = _CellCapture(max_output_chars, on_output)
        fds = self._stream_fds or (None, None)
        capture.saved_streams = (sys.stdout, sys.stderr)
        capture.stdout = _CaptureStream(self, capture, "stdout", fds[0])
        capture.stderr = _CaptureStream(self, capture, "stderr", fds[1])
        self._capture = capture
        sys.stdout = capture.stdout
        sys.stderr = capture.stderr
        self.namespace.pop("__warningregistry__", None)
        return capture

    def _end(self, capture):
        sys.stdout, sys.stderr = capture.saved_streams
        _current_cell[0] = None
        if self._capture is capture:
            self._capture = None

    def _prepare(self, code, capture):
        """Parses and compiles a cell; returns a `_PreparedCell`, or a result dict for a
        SyntaxError."""
        self._cell_count += 1
        filename = "<cell-%d>" % self._cell_count
        if not _isinstance(code, _str):
            code = _str(code)
        lines = code.splitlines(True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        _linecache_cache[filename] = (_len(code), None, lines, filename)
        self._cell_filenames.add(filename)
        _current_cell[0] = filename
        try:
            tree = ast.parse(code, filename, "exec")
            last_expression = None
            if tree.body and _isinstance(tree.body[-1], ast.Expr):
                last = tree.body.pop()
                last_expression = _compile(
                    ast.Expression(last.value), filename, "eval", _TOP_LEVEL_AWAIT, True
                )
            body = _compile(tree, filename, "exec", _TOP_LEVEL_AWAIT, True) if tree.body else None
        except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as error:
            return self._finish(capture, filename, None, error, False)
        return _PreparedCell(filename, body, last_expression)

    async def _execute(self, prepared):
        """Runs the cell; returns (value, exception, has_value). Never raises."""
        namespace = self.namespace
        try:
            if prepared.body is not None:
                outcome = _eval(prepared.body, namespace)
                if prepared.body.co_flags & _CO_COROUTINE:
                    await outcome
            if prepared.last_expression is None:
                return None, None, False
            value = _eval(prepared.last_expression, namespace)
            if prepared.last_expression.co_flags & _CO_COROUTINE:
                value = await value
            return value, None, True
        except BaseException as error:  # SystemExit, KeyboardInterrupt too: the cell stops
            return None, error, False

    @staticmethod
    def _drive_sync(coroutine):
        try:
            coroutine.send(None)
        except StopIteration as stop:
            return stop.value
        coroutine.close()
        raise RuntimeError("a cell without top-level await suspended")

    def _finish(self, capture, filename, value, error, has_value):
        rendered = None
        value_truncated = False
        if error is None and has_value and value is not None:
            try:
                rendered = _repr(value)
                if not _isinstance(rendered, _str):
                    raise TypeError("__repr__ returned non-string (type %s)" % _type(rendered).__name__)
            except BaseException as repr_error:
                rendered = None
                error = repr_error
            else:
                limit = capture.max_output_chars
                if _len(rendered) > limit:
                    value_truncated = True
                    cut = _len(rendered) - limit
                    half = limit // 2
                    rendered = "%s\n… [%d characters of value cut] …\n%s" % (
                        rendered[: limit - half],
                        cut,
                        rendered[_len(rendered) - half :] if half else "",
                    )
        error_info = None
        if error is not None:
            error_info = self._describe_error(error, filename, capture.max_output_chars)
        if "matplotlib.pyplot" in _sys_modules:
            self._capture_figures()
        if capture.images_dropped:
            capture.add(
                "stderr",
                "[%d figure(s) not returned: at most %d images and %d MB per run]\n"
                % (capture.images_dropped, MAX_IMAGES_PER_CELL, MAX_IMAGE_BYTES_PER_CELL // 2**20),
            )
        for stream in (capture.stdout, capture.stderr):
            try:
                stream.buffer._finish_decoding()
            except BaseException:
                pass
        hook = self._before_result
        if hook is not None:
            try:
                hook()
            except BaseException:
                pass
        stdout = capture.streams["stdout"]
        stderr = capture.streams["stderr"]
        with capture.lock:
            result = {
                "stdout": stdout.text(),
                "stderr": stderr.text(),
                "value": rendered,
                "error": error_info,
                "images": list(capture.images),
                "truncated": bool(
                    stdout.truncated or stderr.truncated or value_truncated or capture.images_dropped
                ),
            }
        return result

    # ---- errors ----------------------------------------------------------------------------

    def _describe_error(self, error, filename, max_chars):
        try:
            return self._describe_error_unsafe(error, filename, max_chars)
        except BaseException as failure:  # never lose the error because formatting failed
            name = _type(error).__name__
            return {
                "name": name,
                "message": _safe_str(error),
                "line": None,
                "stack": "%s: %s\n(traceback unavailable: %s)" % (name, _safe_str(error), _safe_str(failure)),
            }

    def _describe_error_unsafe(self, error, filename, max_chars):
        name = _type(error).__name__
        if _isinstance(error, SystemExit):
            code = error.code
            if code is None or code == 0 or code is False:
                return None
            message = _safe_str(code)
        elif _isinstance(error, SyntaxError):
            message = error.msg if _isinstance(error.msg, _str) else _safe_str(error)
        else:
            message = _safe_str(error)

        if _isinstance(error, SyntaxError) and error.filename in self._cell_filenames:
            line = error.lineno
            column = error.offset
            shown = _copy_syntax_error(error, _label(error.filename, filename))
            stack = "".join(_format_exception_only(_type(shown), shown))
            info = {"name": name, "message": message, "line": line, "stack": _cap(stack.rstrip("\n"), max_chars)}
            if _isinstance(column, int) and column > 0:
                info["column"] = column
            return info

        kept = self._user_frames(error.__traceback__)
        line = None
        for entry in kept:
            if entry.tb_frame.f_code.co_filename == filename:
                line = entry.tb_lineno
        error.__traceback__ = _relink(kept)
        report = _TracebackException(_type(error), error, error.__traceback__, compact=True)
        _rename_cells(report, filename, set())
        stack = "".join(report.format()).rstrip("\n")
        return {"name": name, "message": message, "line": line, "stack": _cap(stack, max_chars)}

    def _user_frames(self, tb):
        entries = []
        while tb is not None:
            entries.append(tb)
            tb = tb.tb_next
        start = 0
        for index, entry in enumerate(entries):
            if entry.tb_frame.f_code.co_filename in self._cell_filenames:
                start = index
                break
        else:
            start = _len(entries)
        kept = [e for e in entries[start:] if e.tb_frame.f_globals is not _module_globals]
        if _len(kept) > MAX_TRACEBACK_FRAMES:
            half = MAX_TRACEBACK_FRAMES // 2
            kept = kept[:half] + kept[-half:]
        return kept

    # ---- figures ---------------------------------------------------------------------------

    def _capture_figures(self):
        capture = self._capture
        pyplot = _sys_modules.get("matplotlib.pyplot")
        helpers = _sys_modules.get("matplotlib._pylab_helpers")
        if pyplot is None or helpers is None:
            return
        try:
            managers = list(helpers.Gcf.get_all_fig_managers())
        except Exception:
            return
        for manager in managers:
            figure = manager.canvas.figure
            if capture is not None:
                try:
                    buffer = _BytesIO()
                    figure.savefig(buffer, format="png", bbox_inches="tight")
                    capture.add_image(buffer.getvalue())
                except Exception as failure:
                    capture.add("stderr", "[a figure could not be rendered: %s]\n" % _safe_str(failure))
            try:
                pyplot.close(figure)
            except Exception:
                pass


# ---- helpers -------------------------------------------------------------------------------


def _safe_str(value):
    try:
        return _str(value)
    except BaseException:
        return "<unprintable %s object>" % _type(value).__name__


def _cap(text, limit):
    if _len(text) <= limit:
        return text
    half = limit // 2
    return "%s\n… [%d characters cut] …\n%s" % (text[: limit - half], _len(text) - limit, text[_len(text) - half :] if half else "")


def _label(name, current):
    return CURRENT_CELL_LABEL if name == current else name


def _relink(entries):
    for entry, following in zip(entries, entries[1:]):
        entry.tb_next = following
    if entries:
        entries[-1].tb_next = None
        return entries[0]
    return None


def _rename_cells(report, current, seen):
    """Shows the running cell as `<cell>`; earlier cells keep their `<cell-N>` names."""
    if report is None or id(report) in seen:
        return
    seen.add(id(report))
    for frame in report.stack:
        if frame.filename == current:
            frame.filename = CURRENT_CELL_LABEL
    if _getattr(report, "filename", None) == current:
        report.filename = CURRENT_CELL_LABEL
    _rename_cells(report.__cause__, current, seen)
    _rename_cells(report.__context__, current, seen)
    for nested in _getattr(report, "exceptions", None) or ():
        _rename_cells(nested, current, seen)


def _copy_syntax_error(error, filename):
    shown = _type(error)(error.msg, (filename, error.lineno, error.offset, error.text))
    for attribute in ("end_lineno", "end_offset"):
        try:
            setattr(shown, attribute, _getattr(error, attribute))
        except Exception:
            pass
    return shown
