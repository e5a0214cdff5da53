"""Zygote of code-interpreter's native Python runtime: one per box, inside bubblewrap.

The host starts it like a sandbox server (same bootstrap, "main": this module). It runs no user
code. It has imported the driver and the server, so a fork of it is a server ready to run, for
the cost of a fork instead of bubblewrap + python3 + imports.

Protocol on fds 3/4 (line-delimited JSON, host-trusted only):
  host -> zygote: {"type": "fork", "id": n, "token": str, "slot": str}
  zygote -> host: {"type": "ready"}
                  {"type": "forked", "id": n, "pid": p}    (p: the child's init, in the zygote's pid namespace)
                  {"type": "fork-failed", "id": n, "message": str}
                  {"type": "exited", "id": n, "code": c, "signal": s}

Each child is cloned straight into namespaces of its own (see _clone_box), and is the init of its
box (see _init); everything below is in place before any user code runs:
  - user namespace: its own RLIMIT_NPROC count, and capabilities only inside it (dropped before
    user code);
  - pid namespace: its init (pid 1) waits for the server (pid 2); siblings cannot be named, so
    not signalled or read through /proc; killing the init ends everything in it;
  - mount namespace: a fresh /proc, fresh size-limited tmpfs on /tmp and /dev/shm, its own slot
    at /workspace, and the folders holding every slot and the host's socket covered by an empty
    read-only tmpfs;
  - network and IPC namespaces: no abstract unix socket, SysV or POSIX IPC object is shared with
    a sibling.
It then talks to the host directly on a unix socket it connected to before the cover, not
through the zygote. The server (pid 2) drops every capability, sets its rlimits, Landlock and the
seccomp filter (in code_interpreter_native_server.main) before the first run.
"""

import ctypes
import gc
import json
import os
import random  # imported here, once, not by every fork's server (~11 ms each on a slow VM)
import select
import signal
import socket

import code_interpreter_driver
import code_interpreter_native_server

# clone's syscall number (see _clone_box); elsewhere the zygote reports every fork as failed and
# the host starts each box with bubblewrap instead.
SYS_CLONE = {"x86_64": 56, "aarch64": 220}.get(os.uname().machine)
CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND = 32, 4096
PR_SET_DUMPABLE = 4
SIGCHLD = 17

_libc = ctypes.CDLL(None, use_errno=True)
# The same C library, called with the GIL held (as os.fork calls fork).
_libc_holding_gil = ctypes.PyDLL(None, use_errno=True)
_libc_holding_gil.syscall.restype = ctypes.c_long


def _check(result, what):
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, "%s: %s" % (what, os.strerror(code)))


def _mount(source, target, kind, flags, data=None):
    _check(
        _libc.mount(
            source.encode() if source else None,
            target.encode(),
            kind.encode() if kind else None,
            flags,
            data.encode() if data else None,
        ),
        "mount " + target,
    )


def _write(path, text):
    with open(path, "w") as file:
        file.write(text)


def _send(message):
    data = (json.dumps(message, separators=(",", ":")) + "\n").encode()
    while data:
        data = data[os.write(4, data):]


def _clone_box():
    """Like os.fork, but the child starts in new user, pid, mount, network and IPC namespaces: it
    is pid 1 of its own box. One process per box instead of a forking child that unshares and
    forks the init (each fork and exit of a Python process costs ~20 ms of CPU on a slow VM).
    Python's own fork handlers run as os.fork runs them; the zygote has no other thread."""
    if SYS_CLONE is None:
        raise OSError(38, "clone: not supported on %s" % os.uname().machine)
    ctypes.pythonapi.PyOS_BeforeFork()
    pid = _libc_holding_gil.syscall(
        ctypes.c_long(SYS_CLONE),
        ctypes.c_ulong(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | SIGCHLD),
        ctypes.c_void_p(0),  # the child runs on a copy of this stack, as after fork
        ctypes.c_void_p(0),
        ctypes.c_void_p(0),
        ctypes.c_ulong(0),
    )
    if pid == 0:
        ctypes.pythonapi.PyOS_AfterFork_Child()
        return 0
    code = ctypes.get_errno()
    ctypes.pythonapi.PyOS_AfterFork_Parent()
    if pid < 0:
        raise OSError(code, "clone: %s" % os.strerror(code))
    return pid


def _init(request, boot, report):
    """Pid 1 of a box: maps its user, makes its mounts, reports "ok", then forks the server once
    the host says go, reaps, and exits with the server's status (the kernel then kills whatever
    is left in the namespace)."""
    try:
        os.closerange(3, report)
        os.closerange(report + 1, 1 << 16)
        uid, gid = os.getuid(), os.getgid()
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", "%d %d 1" % (uid, uid))
        _write("/proc/self/gid_map", "%d %d 1" % (gid, gid))
        slot = os.path.join(boot["slotsFolder"], request["slot"])
        if os.path.dirname(slot) != boot["slotsFolder"]:
            raise OSError(22, "not a slot")
        _mount(slot, "/workspace", None, MS_BIND)
        _mount(None, "/workspace", None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        channel.connect(boot["socketPath"])
        channel.sendall((json.dumps({"type": "hello", "token": request["token"]}) + "\n").encode())
        # The font list files may live under the host's /tmp, which the fresh /tmp hides: held open.
        fonts = [(os.open(source, os.O_PATH | os.O_CLOEXEC), os.path.basename(source)) for source in boot.get("fonts") or []]
        for target, size in (("/tmp", boot.get("tmpBytes")), ("/dev/shm", boot.get("shmBytes"))):
            _mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777" + (",size=%d" % size if size else ""))
        if fonts:
            os.mkdir(boot["fontsTarget"], 0o755)
            for fd, name in fonts:
                target = os.path.join(boot["fontsTarget"], name)
                os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o644))
                _mount("/proc/self/fd/%d" % fd, target, None, MS_BIND)
                _mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
                os.close(fd)
        # Every slot and the host's socket: out of reach from here on (they are under the host's /tmp
        # usually, hidden by the fresh /tmp already; covered wherever they are).
        for folder in (boot["slotsFolder"], os.path.dirname(boot["socketPath"])):
            if os.path.isdir(folder):
                _mount("tmpfs", folder, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4096,nr_inodes=1")
        fd = channel.detach()
        for target in (3, 4):
            if fd != target:
                os.dup2(fd, target)
        if fd not in (3, 4):
            os.close(fd)
        _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        _cover_proc()
    except BaseException as failure:
        try:
            os.write(report, ("error %s" % failure).encode()[:2000])
        except BaseException:
            pass
        os._exit(70)
    os.write(report, b"ok")
    os.close(report)
    try:
        # The init needs no capability from here on (the server drops its own too), and stays
        # non-dumpable: the server's code (same user) cannot open its /proc/1/mem, fd or root.
        _drop_capabilities()
        _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
        # The host sends nothing after "go" until the server says it is ready, so "go" is read
        # in whole chunks (one byte at a time cost ~10 ms of CPU for its ~4 KB seccomp filter);
        # a byte past its newline breaks the protocol.
        line = b""
        while not line.endswith(b"\n"):
            chunk = os.read(3, 65536)
            if not chunk:
                os._exit(0)
            line += chunk
            if b"\n" in line[:-1]:
                os._exit(65)
        boot = json.loads(line)
        if boot.get("type") != "go":
            os._exit(65)
        server = os.fork()
        if server == 0:
            _serve(boot)
        os.close(3)
        os.close(4)
        while True:
            pid, status = os.wait()
            if pid == server:
                os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
    except BaseException as failure:
        try:
            os.write(4, (json.dumps({"type": "start-failed", "message": "%s: %s" % (type(failure).__name__, failure)}) + "\n").encode())
        except BaseException:
            pass
        os._exit(71)


def _serve(boot):
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.set_wakeup_fd(-1)
        _drop_capabilities()
        # Dumpable again (prctl's flag is inherited by a fork, reset only by exec): its own
        # /proc/self files (environ, status, maps) stay readable to the program, as in a box
        # bubblewrap starts, and the host can read its memory counters.
        _check(_libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), "dumpable")
        # The driver marks every fork (an at-fork hook) so that a program's own forks write to
        # the real fds 1 and 2; this process is not such a fork but a fresh server.
        code_interpreter_driver._forked[0] = False
        random.seed()  # fork handlers reseed it too; this does not depend on them
        reader = os.fdopen(3, "rb")
        code_interpreter_native_server.main(reader, boot)
    except BaseException:
        pass
    os._exit(70)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _drop_capabilities():
    """Every capability (in the child's own user namespace) goes before user code runs. (The
    capset structures are made once, in the zygote: making the classes again in every box and
    its init costs ~0.5 ms in each.)"""
    for cap in range(64):
        _libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP (fails past the last capability)
    _libc.prctl(47, 4, 0, 0, 0)  # PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL
    header = _CapHeader(0x20080522, 0)
    data = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(header), ctypes.byref(data)), "capset")


_PROC_COVERS = ("sys", "sysrq-trigger", "irq", "bus")


def _uncover_proc():
    """bubblewrap covers parts of /proc with read-only binds; a user namespace below may mount a
    new proc only where no such cover hides part of one, so the zygote removes them (each fork
    covers its own /proc again) and then drops the capability that let it."""
    for name in _PROC_COVERS:
        _libc.umount2(("/proc/" + name).encode(), 2)  # MNT_DETACH; absent covers fail harmlessly
    _drop_capabilities()


def _cover_proc():
    for name in _PROC_COVERS:
        path = "/proc/" + name
        if os.path.exists(path):
            _mount(path, path, None, MS_BIND)
            _mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)


def main(reader, boot):
    del reader
    _uncover_proc()
    os.set_inheritable(3, False)
    os.set_inheritable(4, False)
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    children = {}  # init pid -> request id
    forking = {}  # report pipe -> [init's pid, request id, bytes read so far]
    reaped = {}  # pid -> wait status, of inits reaped before their box was reported ready
    failed = set()  # inits that reported a failure, not reaped yet
    gc.collect()
    gc.freeze()  # the collector of a child then does not touch (copy) the zygote's objects
    _send({"type": "ready", "pid": os.getpid()})
    pending = b""

    def report_exit(ident, status):
        if os.WIFSIGNALED(status):
            _send({"type": "exited", "id": ident, "code": None, "signal": os.WTERMSIG(status)})
        else:
            _send({"type": "exited", "id": ident, "code": os.waitstatus_to_exitcode(status), "signal": None})

    def finish_fork(report_read):
        """The init wrote "ok" (its box is ready for "go") or why it failed, and closed its end."""
        init, ident, answer = forking.pop(report_read)
        os.close(report_read)
        text = bytes(answer).decode(errors="replace")
        status = reaped.pop(init, None)
        if text == "ok":
            _send({"type": "forked", "id": ident, "pid": init})
            if status is None:
                children[init] = ident
            else:
                report_exit(ident, status)
        else:
            if status is None:
                failed.add(init)  # it exits at once; reaped below without a report
            _send({"type": "fork-failed", "id": ident, "message": text or "the box's init exited"})

    while True:
        try:
            readable, _, _ = select.select([3, wake_read, *forking], [], [])
        except InterruptedError:
            continue
        if wake_read in readable:
            try:
                while os.read(wake_read, 512):
                    pass
            except OSError:
                pass
            while True:
                try:
                    pid, status = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    break
                if pid in children:
                    report_exit(children.pop(pid), status)
                elif pid in failed:
                    failed.discard(pid)
                else:  # an init whose box is not reported ready yet
                    reaped[pid] = status
        for report_read in [fd for fd in readable if fd in forking]:
            try:
                piece = os.read(report_read, 4096)
            except InterruptedError:
                continue
            if piece:
                forking[report_read][2] += piece[: max(0, 4096 - len(forking[report_read][2]))]
            else:
                finish_fork(report_read)
        if 3 in readable:
            data = os.read(3, 65536)
            if not data:
                os._exit(0)
            pending += data
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                request = json.loads(line)
                if request.get("type") != "fork":
                    continue
                # Boxes start side by side: each init makes its mounts while the zygote takes the
                # next request, and says on a pipe of its own when its box is ready.
                report_read, report_write = os.pipe()
                try:
                    init = _clone_box()
                except OSError as failure:
                    os.close(report_read)
                    os.close(report_write)
                    _send({"type": "fork-failed", "id": request["id"], "message": str(failure)})
                    continue
                if init == 0:
                    try:
                        os.close(report_read)
                        signal.set_wakeup_fd(-1)
                        _init(request, boot, report_write)
                    finally:
                        os._exit(70)
                os.close(report_write)
                forking[report_read] = [init, request["id"], bytearray()]
