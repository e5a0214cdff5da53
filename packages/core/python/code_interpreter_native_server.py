"""Server of code-interpreter's native Python sandbox: one per sandbox, inside bubblewrap.

The host starts `python3 -I -B -c BOOTSTRAP`; the bootstrap reads one JSON line from fd 3 with the
sources of this module and of the driver, loads both, and calls `main(reader, boot)`.

Protocol: line-delimited JSON over two private pipes, never fds 0/1/2.
  fd 3, host -> sandbox: {"type": "run", "id": n, "code": str, "maxOutputChars": n, "timeoutMs": n,
                          "resultCaps": {...},  (the caps the driver cuts the result's fields to)
                          "maxFileBytes": n}  (optional: the workspace's largest file)
  fd 4, sandbox -> host: {"type": "ready", "pid": n}
                         {"type": "output", "id": n, "stream": "stdout" | "stderr", "text": str}
                         {"type": "result", "id": n, "result": {driver result, "memoryUsedMb": n}}
                         {"type": "failed", "id": n, "message": str}  (the driver itself broke)

Output written to fds 1 and 2 directly (os.write, C extensions, subprocesses, forked children)
goes into pipes this server drains into the running cell's stdout and stderr, so it lands in the
right stream and never reaches the protocol pipe. User code runs in this same process and could
still write to fd 4 itself: the host treats every message as untrusted and validates it; a forged
message can only misreport the forger's own run.

Resource limits are set here, soft and hard, before any user code runs (so they cannot be raised
again): address space, processes, file size, open files, core dumps; CPU time per run. A run's
workspace may lower the file size limit further (never raise it).

Each run starts in /workspace, where the host binds the run's workspace folder. Where the kernel
has Landlock, nothing but regular files and folders can be made under /workspace (no socket
files, FIFOs, device nodes or symlinks: they fail with EACCES); the seccomp filter refuses
symlink, link and mknod everywhere already.
"""

import codecs
import ctypes
import json
import os
import resource
import select
import sys
import threading
import time

import code_interpreter_driver
import code_interpreter_network
import code_interpreter_tools

IN_FD = 3
OUT_FD = 4
STREAM_BATCH_CHARS = 8192
STREAM_FLUSH_SECONDS = 0.02
LINE_FLUSH_SECONDS = 0.005
MAX_DRAIN_BYTES = 1 << 20

_dumps = json.dumps
_loads = json.loads
_os_write = os.write
_os_read = os.read
_os_exit = os._exit
_monotonic = time.monotonic
_getrusage = resource.getrusage
_setrlimit = resource.setrlimit


def _exit_quietly(code):
    _os_exit(code)


class _Protocol:
    def __init__(self, reader):
        self._reader = reader
        self._lock = threading.Lock()

    def send(self, message):
        data = (_dumps(message, ensure_ascii=True, separators=(",", ":")) + "\n").encode("ascii")
        view = memoryview(data)
        with self._lock:
            while view:
                try:
                    written = _os_write(OUT_FD, view)
                except InterruptedError:
                    continue
                except OSError:  # the host is gone, or user code closed the pipe
                    _exit_quietly(70)
                view = view[written:]

    def receive(self):
        line = self._reader.readline()
        if not line:
            return None
        return _loads(line)


class _ToolTransport:
    """The tool calls of the run in progress, over the protocol pipe (see code_interpreter_tools).

    A call is sent when it is made; waiting for one reads the host's messages until its answer
    comes, keeping the answers of other calls in flight for their own waits. The host sends
    nothing else while a run is in progress."""

    def __init__(self, protocol):
        self._protocol = protocol
        self._next = 0
        self._answers = {}
        self.run_id = None

    def begin(self, run_id):
        self.run_id = run_id
        self._answers.clear()

    def _send(self, name, input_json):
        self._next += 1
        call_id = self._next
        self._protocol.send({"type": "tool-call", "id": self.run_id, "callId": call_id, "name": name, "input": input_json})
        return call_id

    def wait(self, call_id):
        answers = self._answers
        while call_id not in answers:
            message = self._protocol.receive()
            if message is None or not isinstance(message, dict) or message.get("type") == "exit":
                _exit_quietly(0)
            if message.get("type") == "tool-result" and isinstance(message.get("callId"), int):
                text = message.get("text")
                answers[message["callId"]] = (message.get("ok") is True, text if isinstance(text, str) else "")
        return answers.pop(call_id)

    def start(self, name, input_json):
        return _PendingToolCall(self, self._send(name, input_json))

    def call(self, name, input_json):
        return self.wait(self._send(name, input_json))


class _PendingToolCall:
    """Awaiting it blocks until the call's answer (calls made before it still run at once)."""

    __slots__ = ("_transport", "_call_id")

    def __init__(self, transport, call_id):
        self._transport = transport
        self._call_id = call_id

    def __await__(self):
        return self._transport.wait(self._call_id)
        yield  # noqa: unreachable; makes this a generator, as __await__ must return an iterator


class _Streamer:
    """Sends output chunks as protocol messages: a completed line at once unless another message
    went out in the last 5 ms, anything pending within 20 ms (the output thread ticks while a run
    is active), pieces merged up to 8192 characters."""

    def __init__(self, protocol):
        self._protocol = protocol
        self._lock = threading.Lock()
        self._pending = []
        self._pending_chars = 0
        self._first_pending_at = 0.0
        self._last_send_at = 0.0
        self.run_id = None
        self.wake = None  # set by _RawOutput: wakes its thread, which ticks while a run is active

    def begin(self, run_id):
        with self._lock:
            self.run_id = run_id
        if self.wake is not None:
            self.wake()

    def end(self):
        with self._lock:
            self._flush_locked()
            self.run_id = None

    def add(self, stream, text):
        with self._lock:
            if self.run_id is None:
                return
            if self._pending and self._pending[-1][0] == stream:
                self._pending[-1][1].append(text)
            else:
                self._pending.append((stream, [text]))
            first = self._pending_chars == 0
            self._pending_chars += len(text)
            if first:
                self._first_pending_at = _monotonic()
            # A completed line goes out at once (at most every 5 ms): output written just before
            # the program blocks in C code holding the GIL, or dies (os._exit, a crash), must still
            # reach the host, and a print loop must not pay one pipe write per line.
            if self._pending_chars >= STREAM_BATCH_CHARS or (
                text.endswith("\n") and _monotonic() - self._last_send_at >= LINE_FLUSH_SECONDS
            ):
                self._flush_locked()

    def flush(self):
        with self._lock:
            self._flush_locked()

    def flush_due(self):
        with self._lock:
            if self._pending_chars and _monotonic() >= self._first_pending_at + STREAM_FLUSH_SECONDS:
                self._flush_locked()

    def seconds_until_due(self):
        """None when no run is active (the output thread sleeps until woken)."""
        with self._lock:
            if self.run_id is None:
                return None
            if not self._pending_chars:
                return STREAM_FLUSH_SECONDS
            return max(0.0, self._first_pending_at + STREAM_FLUSH_SECONDS - _monotonic())

    def _flush_locked(self):
        if not self._pending:
            return
        self._last_send_at = _monotonic()
        pending = self._pending
        self._pending = []
        self._pending_chars = 0
        run_id = self.run_id
        for stream, parts in pending:
            self._protocol.send({"type": "output", "id": run_id, "stream": stream, "text": "".join(parts)})


class _RawOutput:
    """Routes fds 1 and 2 through pipes this process drains into the running cell."""

    def __init__(self, streamer):
        self.driver = None
        self._streamer = streamer
        self._lock = threading.RLock()
        self._readers = {}
        self._saved = {}
        for fd, stream in ((1, "stdout"), (2, "stderr")):
            read_end, write_end = os.pipe()
            os.set_blocking(read_end, False)
            os.dup2(write_end, fd)  # inheritable: subprocesses write here too
            self._saved[fd] = write_end
            self._readers[read_end] = (stream, codecs.getincrementaldecoder("utf-8")(errors="replace"))
        self._poll = select.poll()
        for read_end in self._readers:
            self._poll.register(read_end, select.POLLIN)
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(self._wake_write, False)
        streamer.wake = self._wake

    def restore_fds(self):
        """User code may have closed or replaced fds 1 and 2 in an earlier run."""
        for fd, saved in self._saved.items():
            try:
                os.dup2(saved, fd)
            except OSError:
                pass

    def drain(self):
        """Called before each captured write and at the end of a cell: keeps output in order.

        The lock is taken even when nothing is left to read: the pump thread may have read the
        bytes already and be feeding them to the driver, and the write that called this must
        come after them.
        """
        try:
            ready = bool(self._poll.poll(0))
        except RuntimeError:  # another thread is polling right now: drain anyway
            ready = True
        except (OSError, ValueError):
            return
        with self._lock:
            if ready:
                self._read_available()

    def finish(self):
        """End of a cell: drains fds 1 and 2 and ends any incomplete UTF-8 sequence with U+FFFD."""
        self.drain()
        with self._lock:
            self._read_available()
            driver = self.driver
            for stream, decoder in self._readers.values():
                text = decoder.decode(b"", final=True)
                if text and driver is not None:
                    driver.feed_output(stream, text)

    def start(self):
        threading.stack_size(256 * 1024)
        try:
            thread = threading.Thread(target=self._pump, name="code-interpreter-output", daemon=True)
            thread.start()
        finally:
            threading.stack_size(0)

    def _wake(self):
        try:
            _os_write(self._wake_write, b"!")
        except OSError:
            pass

    def _read_available(self):
        budget = MAX_DRAIN_BYTES
        for read_end, (stream, decoder) in self._readers.items():
            while budget > 0:
                try:
                    data = _os_read(read_end, 65536)
                except (BlockingIOError, InterruptedError):
                    break
                except OSError:
                    break
                if not data:
                    break
                budget -= len(data)
                text = decoder.decode(data)
                driver = self.driver
                if text and driver is not None:
                    driver.feed_output(stream, text)

    def _pump(self):
        poll = select.poll()
        for read_end in self._readers:
            poll.register(read_end, select.POLLIN)
        poll.register(self._wake_read, select.POLLIN)
        while True:
            due = self._streamer.seconds_until_due()
            try:
                events = poll.poll(None if due is None else max(1, int(due * 1000)))
            except InterruptedError:
                continue
            except OSError:
                return
            for fd, _ in events:
                if fd == self._wake_read:
                    try:
                        while _os_read(self._wake_read, 512):
                            pass
                    except OSError:
                        pass
            if any(fd != self._wake_read for fd, _ in events):
                with self._lock:
                    self._read_available()
            due = self._streamer.seconds_until_due()
            if due is not None and due <= 0:
                self._streamer.flush_due()


def _apply_limits(limits):
    def both(kind, value):
        value = int(value)
        _setrlimit(kind, (value, value))

    both(resource.RLIMIT_CORE, 0)
    both(resource.RLIMIT_NOFILE, limits["maxOpenFiles"])
    both(resource.RLIMIT_FSIZE, limits["maxFileSizeBytes"])
    both(resource.RLIMIT_AS, limits["addressSpaceBytes"])
    both(resource.RLIMIT_NPROC, limits["maxProcesses"])


def _limit_file_size(max_file_bytes):
    """Lowers RLIMIT_FSIZE (soft and hard) to the workspace's largest file: a larger write fails
    with EFBIG (Python ignores SIGXFSZ, so the signal does not kill it)."""
    if not isinstance(max_file_bytes, int) or max_file_bytes <= 0:
        return
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        value = max_file_bytes if hard == resource.RLIM_INFINITY else min(hard, max_file_bytes)
        _setrlimit(resource.RLIMIT_FSIZE, (value, value))
    except (ValueError, OSError):
        pass


def _restrict_special_files():
    """Landlock: socket files, FIFOs, device nodes and symlinks may be made only under /tmp and
    /dev/shm (multiprocessing's sockets), so never in /workspace. Irreversible, inherited by child
    processes. Skipped where the kernel lacks Landlock."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        syscall = libc.syscall
        syscall.restype = ctypes.c_long
        if syscall(444, None, 0, 1) < 1:  # landlock_create_ruleset(VERSION): the ABI, or -1
            return
        # MAKE_CHAR | MAKE_SOCK | MAKE_FIFO | MAKE_BLOCK | MAKE_SYM (ABI 1).
        special = (1 << 6) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12)
        attr = ctypes.c_uint64(special)
        ruleset = syscall(444, ctypes.byref(attr), 8, 0)
        if ruleset < 0:
            return

        class PathBeneath(ctypes.Structure):
            _pack_ = 1
            _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

        try:
            for folder in ("/tmp", "/dev/shm"):
                fd = os.open(folder, os.O_PATH | os.O_CLOEXEC)
                try:
                    rule = PathBeneath(special, fd)
                    syscall(445, ruleset, 1, ctypes.byref(rule), 0)  # LANDLOCK_RULE_PATH_BENEATH
                finally:
                    os.close(fd)
            syscall(446, ruleset, 0)  # landlock_restrict_self (no_new_privs is set by bubblewrap)
        finally:
            os.close(ruleset)
    except Exception:
        pass


def _limit_cpu(timeout_ms, stateful):
    """CPU seconds for this run: a backstop behind the host's wall-clock kill (two cores' worth)."""
    usage = _getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime)
    soft = used + 2 * (int(timeout_ms) // 1000 + 1) + 1
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if stateful:
            # Later runs need more CPU time, and a hard limit cannot be raised again.
            _setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
        else:
            _setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))
    except (ValueError, OSError):
        pass


def _memory_used_mb():
    try:
        with open("/proc/self/statm", "rb") as statm:
            resident_pages = int(statm.read().split()[1])
        return round(resident_pages * os.sysconf("SC_PAGE_SIZE") / 1048576, 1)
    except Exception:
        return None


def _install_seccomp(program_hex):
    """A box forked by the zygote gets the seccomp filter here (bubblewrap gives it to the others):
    after the rlimits and Landlock, before any user code. Inherited by every child process."""
    program = bytes.fromhex(program_hex)

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        raise OSError(ctypes.get_errno(), "no_new_privs")
    fprog = Program(len(program) // 8, program)
    if libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) != 0:  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
        raise OSError(ctypes.get_errno(), "seccomp")


def main(reader, boot):
    _apply_limits(boot["limits"])
    _restrict_special_files()
    if boot.get("seccomp"):
        _install_seccomp(boot["seccomp"])
    stateful = bool(boot.get("stateful"))
    for fd in (IN_FD, OUT_FD):
        os.set_inheritable(fd, False)
    sys.argv = [""]

    protocol = _Protocol(reader)
    streamer = _Streamer(protocol)
    raw = _RawOutput(streamer)
    driver = code_interpreter_driver.Driver(stream_fds=(1, 2), before_output=raw.drain, before_result=raw.finish)
    raw.driver = driver
    raw.start()
    tool_transport = _ToolTransport(protocol)
    protocol.send({"type": "ready", "pid": os.getpid()})

    while True:
        try:
            message = protocol.receive()
        except ValueError:
            _exit_quietly(65)
        if message is None or message.get("type") == "exit":
            _exit_quietly(0)
        if message.get("type") != "run":
            continue
        run_id = message.get("id")
        _limit_cpu(message.get("timeoutMs", 30000), stateful)
        _limit_file_size(message.get("maxFileBytes"))
        try:
            os.chdir("/workspace")  # the run's workspace, bound just now (or an empty folder)
        except OSError:
            pass
        raw.restore_fds()
        streamer.begin(run_id)
        tool_transport.begin(run_id)
        code_interpreter_tools.install(driver.namespace, message.get("tools") or [], tool_transport)
        code_interpreter_network.install(tool_transport, message.get("network") is True)
        try:
            result = driver.run_cell(
                message.get("code", ""),
                max_output_chars=message.get("maxOutputChars", code_interpreter_driver.DEFAULT_MAX_OUTPUT_CHARS),
                on_output=streamer.add,
                result_caps=message.get("resultCaps"),
            )
        except BaseException as failure:  # the driver itself failed (or an interrupt hit it)
            streamer.end()
            protocol.send({"type": "failed", "id": run_id, "message": "%s: %s" % (type(failure).__name__, failure)})
            continue
        streamer.end()
        result["memoryUsedMb"] = _memory_used_mb()
        try:
            protocol.send({"type": "result", "id": run_id, "result": result})
        except Exception as failure:
            protocol.send({"type": "failed", "id": run_id, "message": "cannot encode the result: %s" % failure})
