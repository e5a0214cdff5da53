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
- caps: every field of a result is cut to its cap before the result leaves the sandbox (the
  host's `resultCaps`, passed with each run as `result_caps`, else `RESULT_CAPS`): the error's
  name, message and traceback, the images, and `max_output_chars` for each stream and the value.
  A cut keeps the head and the tail with a note between, and sets `truncated`. The traceback is
  built from texts already cut (each exception's message, class name, notes, each frame's source
  line, function and file name; at most MAX_CHAINED_EXCEPTIONS of a chain), so a hostile
  exception never makes the driver build a huge string.
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

__all__ = ["Driver", "DEFAULT_MAX_OUTPUT_CHARS", "RESULT_CAPS"]

DEFAULT_MAX_OUTPUT_CHARS = 100_000
# Most characters of each field of a result that leaves the sandbox: the numbers of
# packages/core/src/result/result-caps.ts (a test checks they are equal). The host passes its own
# with every run (`result_caps`); these apply when it passes none.
RESULT_CAPS = {
    "errorNameChars": 200,
    "errorMessageChars": 8_000,
    "errorStackChars": 16_000,
    "images": 20,
    "imageBase64Chars": 32 * 1024 * 1024,
}
# How a traceback is kept small before it is formatted.
MAX_TRACEBACK_FRAMES = 100  # frames of one exception: the first and last 50
FRAME_LINE_CHARS = 1_000  # a source line shown in a traceback or a warning
FRAME_NAME_CHARS = 200  # a function or file name shown in a traceback or a warning
MAX_FRAME_SOURCE_LINES = 20  # a statement over more lines shows its first line only
MAX_CHAINED_EXCEPTIONS = 30  # exceptions of a __cause__ / __context__ chain
MAX_NOTES = 20  # __notes__ of one exception
MAX_REPORTED_EXCEPTIONS = 1_000  # exceptions of one traceback: chains and groups together
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
_StackSummary = traceback.StackSummary
_FrameSummary = traceback.FrameSummary
_format_exception_only = traceback.format_exception_only
# Python 3.13+ shows every line of a statement that spans several (FrameSummary._lines).
_MULTILINE_FRAMES = "_lines" in _getattr(_FrameSummary, "__slots__", ())
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
_warning_caps = [None]  # the running cell's _ResultCaps


def _formatwarning(message, category, filename, lineno, line=None):
    """`warnings.formatwarning` while the driver is loaded: the running cell is shown as `<cell>`,
    and the message (cut like an error message), the category name, the file name and the source
    line are cut before the warning is formatted."""
    if line is None:
        line = _getline(filename, lineno) if _isinstance(filename, _str) else ""
    if filename == _current_cell[0]:
        filename = CURRENT_CELL_LABEL
    caps = _warning_caps[0]
    message_chars = caps.message_chars if caps is not None else RESULT_CAPS["errorMessageChars"]
    name_chars = caps.name_chars if caps is not None else RESULT_CAPS["errorNameChars"]
    text = message if message.__class__ is _str else _safe_str(message)
    name = _getattr(category, "__name__", None)
    if _len(text) > message_chars or not _isinstance(name, _str) or _len(name) > name_chars:
        if caps is not None:
            caps.cut = True
        if _len(text) > message_chars:
            text = _cut(text, message_chars)
        if not _isinstance(name, _str) or _len(name) > name_chars:
            category = _type(_cut(_safe_str(name), name_chars), (Warning,), {})
    return _original_formatwarning(
        text, category, _clip(filename, FRAME_NAME_CHARS), lineno, _clip(line, FRAME_LINE_CHARS)
    )


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


class _ResultCaps:
    """The caps of one cell's result (`RESULT_CAPS`, or the host's), and whether anything was cut
    to them."""

    def __init__(self, caps):
        merged = dict(RESULT_CAPS)
        get = _getattr(caps, "get", None) if _isinstance(caps, dict) else None
        if get is not None:
            for key in RESULT_CAPS:
                value = get(key)
                if _type(value) is int and value >= 0:
                    merged[key] = value
        self.name_chars = merged["errorNameChars"]
        self.message_chars = merged["errorMessageChars"]
        self.stack_chars = merged["errorStackChars"]
        self.images = merged["images"]
        self.image_chars = merged["imageBase64Chars"]
        self.cut = False

    def text(self, text, limit):
        """`text` cut to `limit` characters (head and tail, with a note between)."""
        if _len(text) <= limit:
            return text
        self.cut = True
        return _cut(text, limit)

    def line(self, text, limit):
        """`text` cut to its first `limit` characters, on one line (a frame's name or source)."""
        if not _isinstance(text, _str) or _len(text) <= limit:
            return text
        self.cut = True
        return _clip(text, limit)


class _CellCapture:
    """Everything one cell produces: both streams (capped, streamed) and images."""

    def __init__(self, max_output_chars, on_output, result_caps=None):
        self.max_output_chars = limit = max(0, int(max_output_chars))
        self.caps = _ResultCaps(result_caps)
        self.lock = _new_lock()
        self.streams = {
            "stdout": _CappedStream("stdout", limit, on_output, self.lock),
            "stderr": _CappedStream("stderr", limit, on_output, self.lock),
        }
        self.images = []
        self.image_chars = 0
        self.images_dropped = 0

    def add(self, stream, text):
        self.streams[stream].add(text)

    def add_image(self, png_bytes):
        chars = 4 * ((_len(png_bytes) + 2) // 3)  # its length in base64
        if _len(self.images) >= self.caps.images or self.image_chars + chars > self.caps.image_chars:
            self.images_dropped += 1
            return
        self.image_chars += chars
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

    def run_cell(self, code, max_output_chars=DEFAULT_MAX_OUTPUT_CHARS, on_output=None, result_caps=None):
        """Runs one cell to completion and returns its result dict (never raises for faults in
        the cell). A cell without top-level `await` runs synchronously, so `asyncio.run()` works
        in it; one with top-level `await` runs on the driver's own event loop, which persists
        across cells (tasks started in one cell keep running in the next).

        Args:
            code: the cell's source.
            max_output_chars: most characters kept per stream (and of the rendered value).
            on_output: optional `callback(stream, text)`, `stream` being "stdout" or "stderr",
                called as output is written, up to `max_output_chars` per stream.
            result_caps: the host's caps of the result's fields, a dict with the keys of
                `RESULT_CAPS` (missing or invalid entries keep the driver's own).
        """
        capture = self._begin(max_output_chars, on_output, result_caps)
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

    async def run_cell_async(
        self, code, max_output_chars=DEFAULT_MAX_OUTPUT_CHARS, on_output=None, result_caps=None
    ):
        """Like `run_cell`, on the running event loop (Pyodide's WebLoop): top-level `await` in
        the cell is awaited there. A cell without it completes without yielding to the loop."""
        capture = self._begin(max_output_chars, on_output, result_caps)
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

    def _begin(self, max_output_chars, on_output, result_caps=None):
        capture = _CellCapture(max_output_chars, on_output, result_caps)
        _warning_caps[0] = capture.caps
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
        _warning_caps[0] = None
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
            error_info = self._describe_error(error, filename, capture.caps)
        if "matplotlib.pyplot" in _sys_modules:
            self._capture_figures()
        if capture.images_dropped:
            capture.add(
                "stderr",
                "[%d figure(s) not returned: at most %d images and %d MB of PNG per run]\n"
                % (capture.images_dropped, capture.caps.images, capture.caps.image_chars * 3 // 4 // 2**20),
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
                    stdout.truncated
                    or stderr.truncated
                    or value_truncated
                    or capture.images_dropped
                    or capture.caps.cut
                ),
            }
        return result

    # ---- errors ----------------------------------------------------------------------------

    def _describe_error(self, error, filename, caps):
        try:
            return self._describe_error_unsafe(error, filename, caps)
        except BaseException as failure:  # never lose the error because formatting failed
            try:
                name = caps.text(_type(error).__name__, caps.name_chars)
                message = caps.text(_safe_str(error), caps.message_chars)
                reason = caps.line(_safe_str(failure), FRAME_LINE_CHARS)
            except BaseException:  # out of memory again: say only what costs nothing
                caps.cut = True
                name, message, reason = "Error", "", "the error could not be described"
            return {
                "name": name,
                "message": message,
                "line": None,
                "stack": caps.text("%s: %s\n(traceback unavailable: %s)" % (name, message, reason), caps.stack_chars),
            }

    def _describe_error_unsafe(self, error, filename, caps):
        name = caps.text(_type(error).__name__, caps.name_chars)
        if _isinstance(error, SystemExit):
            code = error.code
            if code is None or code == 0 or code is False:
                return None
            message = _safe_str(code)
        elif _isinstance(error, SyntaxError):
            message = error.msg if _isinstance(error.msg, _str) else _safe_str(error)
        else:
            message = _safe_str(error)
        message = caps.text(message, caps.message_chars)

        if _isinstance(error, SyntaxError) and error.filename in self._cell_filenames:
            line = error.lineno
            column = error.offset
            shown = _copy_syntax_error(error, _label(error.filename, filename), caps)
            stack = "".join(_format_exception_only(_type(shown), shown))
            info = {"name": name, "message": message, "line": line, "stack": caps.text(stack.rstrip("\n"), caps.stack_chars)}
            if _isinstance(column, int) and column > 0:
                info["column"] = column
            return info

        kept = self._user_frames(error.__traceback__)
        line = None
        for entry in kept:
            if entry.tb_frame.f_code.co_filename == filename:
                line = entry.tb_lineno
        error.__traceback__ = _relink(kept)
        # Lines are looked up by _bound_report, which first checks how long they are.
        report = _TracebackException(_type(error), error, error.__traceback__, compact=True, lookup_lines=False)
        _bound_report(report, caps)
        _rename_cells(report, filename)
        stack = _CappedStream("traceback", caps.stack_chars, None, _NullLock())
        for piece in report.format():
            stack.add(piece)
        if stack.truncated:
            caps.cut = True
        return {"name": name, "message": message, "line": line, "stack": stack.text().rstrip("\n")}

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


def _safe_repr(value):
    try:
        text = _repr(value)
        return text if _isinstance(text, _str) else "<unprintable %s object>" % _type(value).__name__
    except BaseException:
        return "<unprintable %s object>" % _type(value).__name__


def _cut(text, limit):
    """The first and last halves of `limit` characters of `text`, with a note of how many were cut
    between them. Costs O(limit) however long `text` is."""
    half = limit // 2
    return "%s\n… [%d characters cut] …\n%s" % (
        text[: limit - half],
        _len(text) - limit,
        text[_len(text) - half :] if half else "",
    )


def _clip(text, limit):
    """The first `limit` characters of `text` and a note, on one line; anything but a long str
    is returned as it is."""
    if not _isinstance(text, _str) or _len(text) <= limit:
        return text
    return "%s… [%d characters cut]" % (text[:limit], _len(text) - limit)


def _bound_report(root, caps):
    """Cuts every text a traceback report (`TracebackException`) will show, before it is
    formatted: each exception's message (to a quarter of the traceback's cap, so the last one
    stays readable in a cut traceback), class name and module, notes, SyntaxError text, and each
    frame's source line, function and file name (`_bound_stack`). Chains longer than
    MAX_CHAINED_EXCEPTIONS lose their oldest exceptions, and at most MAX_REPORTED_EXCEPTIONS
    exceptions are kept in all. Only group members the traceback shows (`max_group_width` + 1 of
    each group, `max_group_depth` deep) are visited."""
    message_chars = max(1, min(caps.message_chars, caps.stack_chars // 4))
    budget = MAX_REPORTED_EXCEPTIONS - 1
    seen = set()
    pending = [(root, 1, 0)]  # (report, its place in its chain, its group depth)
    while pending:
        report, place, depth = pending.pop()
        if id(report) in seen:
            continue
        seen.add(id(report))
        _bound_exception(report, caps, message_chars)
        _bound_stack(report, caps)
        for attribute in ("__cause__", "__context__"):
            chained = _getattr(report, attribute, None)
            if chained is None:
                continue
            if place >= MAX_CHAINED_EXCEPTIONS or budget <= 0:
                setattr(report, attribute, None)
                _add_note(report, "[earlier exceptions of this chain are not shown]")
                caps.cut = True
                continue
            budget -= 1
            pending.append((chained, place + 1, depth))
        members = _getattr(report, "exceptions", None)
        if members:
            width = _getattr(report, "max_group_width", 15)
            if depth > _getattr(report, "max_group_depth", 10):
                continue
            for member in members[: width + 1]:
                if budget <= 0:
                    report.exceptions = None
                    _add_note(report, "[the exceptions of this group are not shown]")
                    caps.cut = True
                    break
                budget -= 1
                pending.append((member, 1, depth + 1))


def _bound_exception(report, caps, message_chars):
    """Cuts what the last lines of one exception show: `Module.Name: message`, its notes, and a
    SyntaxError's text (around its position), message and file name."""
    fields = report.__dict__
    text = fields.get("_str")
    if _isinstance(text, _str) and _len(text) > message_chars:
        report._str = caps.text(text, message_chars)
    if "exc_type_qualname" in fields:  # Python 3.13+
        for attribute in ("exc_type_qualname", "exc_type_module"):
            value = fields.get(attribute)
            if _isinstance(value, _str) and _len(value) > caps.name_chars:
                setattr(report, attribute, caps.text(value, caps.name_chars))
    else:  # 3.11, 3.12: the class itself is shown, so a class with long names is replaced
        exc_type = fields.get("exc_type")
        if exc_type is not None:
            qualname = _getattr(exc_type, "__qualname__", None)
            module = _getattr(exc_type, "__module__", None)
            if not _isinstance(qualname, _str) or _len(qualname) > caps.name_chars or (
                _isinstance(module, _str) and _len(module) > caps.name_chars
            ):
                report.exc_type = _stand_in_class(exc_type, qualname, module, caps)
    notes = fields.get("__notes__")
    if notes is not None:
        if _isinstance(notes, (list, tuple)):
            kept = [caps.text(_safe_str(note), message_chars) for note in notes[:MAX_NOTES]]
            if _len(notes) > MAX_NOTES:
                kept.append("[%d more notes]" % (_len(notes) - MAX_NOTES))
                caps.cut = True
        else:
            kept = [caps.text(_safe_repr(notes), message_chars)]
        report.__notes__ = kept
    if "msg" in fields:  # a SyntaxError
        msg = fields.get("msg")
        if _isinstance(msg, _str) and _len(msg) > message_chars:
            report.msg = caps.text(msg, message_chars)
        report.filename = caps.line(fields.get("filename"), FRAME_NAME_CHARS)
        source = fields.get("text")
        if _isinstance(source, _str) and _len(source) > FRAME_LINE_CHARS:
            caps.cut = True
            report.text, report.offset, report.end_offset = _syntax_window(
                source, fields.get("offset"), fields.get("end_offset"), FRAME_LINE_CHARS
            )
            if "_exc_metadata" in fields:  # 3.14: the whole source, for keyword typo hints
                report._exc_metadata = None


def _stand_in_class(exc_type, qualname, module, caps):
    """A class to show in place of one whose names are too long (Python 3.11 and 3.12)."""
    try:
        base = SyntaxError if issubclass(exc_type, SyntaxError) else Exception
    except BaseException:
        base = Exception
    shown = _type("Exception", (base,), {})
    shown.__qualname__ = caps.text(qualname if _isinstance(qualname, _str) else "<unknown>", caps.name_chars)
    shown.__module__ = caps.text(module, caps.name_chars) if _isinstance(module, _str) else None
    return shown


def _add_note(report, note):
    notes = report.__dict__.get("__notes__")
    report.__notes__ = (list(notes) if _isinstance(notes, (list, tuple)) else []) + [note]


def _bound_stack(report, caps):
    """Keeps the first and last MAX_TRACEBACK_FRAMES / 2 frames of one exception, each frame's
    function and file name cut to FRAME_NAME_CHARS, and loads each frame's source line now (while
    the frame still has its real file name) unless its source is longer than FRAME_LINE_CHARS:
    such a frame shows the start of its first line instead."""
    frames = list(report.stack)
    if _len(frames) > MAX_TRACEBACK_FRAMES:
        half = MAX_TRACEBACK_FRAMES // 2
        frames = frames[:half] + frames[-half:]
    bounded = []
    for frame in frames:
        filename = frame.filename
        lineno = frame.lineno
        first = ""
        long_source = False
        if _isinstance(filename, _str) and _isinstance(lineno, int):
            last = lineno
            end_lineno = _getattr(frame, "end_lineno", None)
            if _MULTILINE_FRAMES and _isinstance(end_lineno, int) and end_lineno > lineno:
                last = end_lineno
            if last - lineno >= MAX_FRAME_SOURCE_LINES:
                long_source = True
                last = lineno
            first = _getline(filename, lineno)
            total = _len(first)
            for number in range(lineno + 1, last + 1):
                total += _len(_getline(filename, number))
            long_source = long_source or total > FRAME_LINE_CHARS
        name = frame.name
        long_names = any(_isinstance(text, _str) and _len(text) > FRAME_NAME_CHARS for text in (filename, name))
        if not long_source and not long_names:
            frame.line  # noqa: B018 - loads the source line(s) now
            bounded.append(frame)
            continue
        line = caps.line(first.strip(), FRAME_LINE_CHARS)
        bounded.append(
            _FrameSummary(
                caps.line(filename, FRAME_NAME_CHARS),
                lineno,
                caps.line(name, FRAME_NAME_CHARS),
                lookup_line=False,
                line=line,
            )
        )
    report.stack = _StackSummary.from_list(bounded)


def _syntax_window(text, offset, end_offset, limit):
    """At most `limit` characters of a SyntaxError's source line around its position, and the
    position moved into them: `(text, offset, end_offset)`."""
    position = offset - 1 if _isinstance(offset, int) and 0 < offset <= _len(text) + 1 else 0
    start = max(0, min(position - limit // 2, _len(text) - limit))
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + limit < _len(text) else ""
    shown = prefix + text[start : start + limit].rstrip("\n") + suffix + "\n"
    shift = _len(prefix) - start
    new_offset = offset + shift if _isinstance(offset, int) and offset > 0 else offset
    new_end = end_offset
    if _isinstance(end_offset, int) and end_offset > 0:
        new_end = max(new_offset if _isinstance(new_offset, int) else 1, min(end_offset + shift, _len(shown)))
    return shown, new_offset, new_end


def _label(name, current):
    return CURRENT_CELL_LABEL if name == current else name


def _relink(entries):
    for entry, following in zip(entries, entries[1:]):
        entry.tb_next = following
    if entries:
        entries[-1].tb_next = None
        return entries[0]
    return None


def _rename_cells(report, current):
    """Shows the running cell as `<cell>`; earlier cells keep their `<cell-N>` names."""
    seen = set()
    pending = [report]
    while pending:
        item = pending.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        for frame in item.stack:
            if frame.filename == current:
                frame.filename = CURRENT_CELL_LABEL
        if _getattr(item, "filename", None) == current:
            item.filename = CURRENT_CELL_LABEL
        pending.append(_getattr(item, "__cause__", None))
        pending.append(_getattr(item, "__context__", None))
        pending.extend(_getattr(item, "exceptions", None) or ())


def _copy_syntax_error(error, filename, caps):
    """The SyntaxError of a cell as it is shown: its file name the cell's label, its message cut
    like a traceback's, its source line cut to FRAME_LINE_CHARS around its position."""
    message_chars = max(1, min(caps.message_chars, caps.stack_chars // 4))
    message = error.msg if _isinstance(error.msg, _str) else _safe_str(error.msg)
    message = caps.text(message, message_chars)
    text, offset, end_offset = error.text, error.offset, _getattr(error, "end_offset", None)
    if _isinstance(text, _str) and _len(text) > FRAME_LINE_CHARS:
        caps.cut = True
        text, offset, end_offset = _syntax_window(text, offset, end_offset, FRAME_LINE_CHARS)
    error_class = _type(error)
    if any(
        not _isinstance(value, _str) or _len(value) > caps.name_chars
        for value in (_getattr(error_class, "__qualname__", None), _getattr(error_class, "__module__", ""))
    ):
        error_class = SyntaxError  # a class with long names is shown as what it is
    try:
        shown = error_class(message, (filename, error.lineno, offset, text))
    except BaseException:  # a subclass with its own __init__
        shown = SyntaxError(message, (filename, error.lineno, offset, text))
    for attribute, value in (("end_lineno", _getattr(error, "end_lineno", None)), ("end_offset", end_offset)):
        try:
            setattr(shown, attribute, value)
        except Exception:
            pass
    return shown
