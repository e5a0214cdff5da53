"""HTTP for sandboxed Python through the host, where the application's network policy is enforced.

There is no socket to the outside: `urllib.request` (urlopen, Request, openers) and `http.client`
(HTTPConnection, HTTPSConnection) send each request to the host over the runtime's transport (as
tool calls go, see code_interpreter_tools), and the host checks it against the policy, resolves
the name, adds the application's secrets, follows redirects (checking each hop) and answers with
the response. Redirects are followed by the host, so the response is the final one.

urllib3 (and so `requests`, where it is installed: native CPython) is routed the same way: its
connection pools hand each request to the host instead of opening a socket.

Not covered: libraries with their own socket code (aiohttp, httpx, raw sockets), streaming bodies
(a response is read whole, within the policy's size limit), proxies and client certificates.
"""

import base64 as _base64
import io as _io
import json as _json

CALL = "\x00fetch"

_transport = None
_enabled = False


class NetworkError(OSError):
    """The host refused or could not make the request (the policy, a limit, the server)."""


def _perform(method, url, headers, body):
    if not _enabled or _transport is None:
        raise NetworkError(
            "this sandbox has no network: the application did not allow any host (network option)"
        )
    payload = {"method": method, "url": url, "headers": [[str(k), str(v)] for k, v in headers]}
    if body:
        payload["body"] = _base64.b64encode(bytes(body)).decode("ascii")
    ok, text = _transport.call(CALL, _json.dumps(payload))
    if not ok:
        raise NetworkError(text)
    answer = _json.loads(text)
    answer["body"] = _base64.b64decode(answer.get("body") or "")
    return answer


def _message(pairs):
    import http.client

    message = http.client.HTTPMessage()
    for name, value in pairs:
        message[name] = value
    return message


def _read_body(data):
    if data is None:
        return None
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, str):
        return data.encode("iso-8859-1")
    if hasattr(data, "read"):
        chunk = data.read()
        return chunk.encode("iso-8859-1") if isinstance(chunk, str) else bytes(chunk)
    return b"".join(part.encode("iso-8859-1") if isinstance(part, str) else bytes(part) for part in data)


# ---- urllib.request ------------------------------------------------------------------------


def _make_handler(urllib_request):
    import urllib.response

    class HostHTTPHandler(urllib_request.BaseHandler):
        """Opens http(s) URLs through the host (before urllib's own socket handlers)."""

        handler_order = 100

        def http_open(self, request):
            answer = _perform(
                request.get_method(),
                request.full_url,
                request.header_items(),
                _read_body(request.data),
            )
            response = urllib.response.addinfourl(
                _io.BytesIO(answer["body"]),
                _message(answer.get("headers") or []),
                answer.get("url") or request.full_url,
                answer.get("status"),
            )
            response.msg = answer.get("statusText") or ""
            return response

        https_open = http_open

    return HostHTTPHandler


# ---- http.client -----------------------------------------------------------------------------


class _HostResponse(_io.BufferedIOBase):
    """What `HTTPConnection.getresponse()` returns: an http.client.HTTPResponse look-alike."""

    def __init__(self, answer, method):
        self._body = _io.BytesIO(b"" if method == "HEAD" else answer["body"])
        self.status = self.code = answer.get("status")
        self.reason = answer.get("statusText") or ""
        self.headers = self.msg = _message(answer.get("headers") or [])
        self.version = 11
        self.url = answer.get("url")
        self.chunked = False
        self.will_close = True
        self.length = len(answer["body"])

    def read(self, amt=None):
        return self._body.read(-1 if amt is None else amt)

    def read1(self, amt=-1):
        return self._body.read(amt)

    def readinto(self, buffer):
        return self._body.readinto(buffer)

    def readline(self, limit=-1):
        return self._body.readline(limit)

    def peek(self, n=0):
        position = self._body.tell()
        data = self._body.read(max(n, 1))
        self._body.seek(position)
        return data

    def getheader(self, name, default=None):
        values = self.headers.get_all(name)
        return default if not values else ", ".join(values)

    def getheaders(self):
        return list(self.headers.items())

    def info(self):
        return self.headers

    def geturl(self):
        return self.url

    def getcode(self):
        return self.status

    def isclosed(self):
        return self._body.closed

    def readable(self):
        return True

    def fileno(self):
        raise _io.UnsupportedOperation("a response from the host has no file descriptor")

    def close(self):
        self._body.close()
        super().close()


def _make_connections(http_client):
    class HostHTTPConnection(http_client.HTTPConnection):
        """http.client.HTTPConnection through the host: the request is sent when the response is
        asked for. Subclasses the original, so its helpers (and isinstance checks) still work."""

        scheme = "http"
        response_class = _HostResponse

        def __init__(self, host, port=None, timeout=None, source_address=None, blocksize=8192, **_ignored):
            super().__init__(host, port, blocksize=blocksize)
            self.timeout = timeout
            self._reset()

        def _reset(self):
            self._method = None
            self._path = None
            self._headers = []
            self._body = []

        def set_tunnel(self, host, port=None, headers=None):
            raise NetworkError("proxies are not available: requests leave through the host")

        def connect(self):
            """Nothing to connect: each request goes to the host when its response is read."""

        def close(self):
            self._reset()

        def putrequest(self, method, url, skip_host=False, skip_accept_encoding=False):
            self._reset()
            self._method = method
            self._path = url

        def putheader(self, header, *values):
            text = ", ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in values)
            self._headers.append((header.decode("latin-1") if isinstance(header, bytes) else header, text))

        def endheaders(self, message_body=None, *, encode_chunked=False):
            if message_body is not None:
                self.send(message_body)

        def send(self, data):
            self._body.append(_read_body(data) or b"")

        def request(self, method, url, body=None, headers={}, *, encode_chunked=False):  # noqa: B006 (http.client's signature)
            self.putrequest(method, url)
            for name, value in dict(headers).items():
                self.putheader(name, value)
            if isinstance(body, str):
                body = body.encode("iso-8859-1")
            self.endheaders(body)

        def _url(self):
            path = self._path or "/"
            if "://" in path:
                return path
            default = 443 if self.scheme == "https" else 80
            host = self.host if ":" not in self.host or self.host.startswith("[") else "[%s]" % self.host
            port = "" if self.port == default else ":%d" % self.port
            return "%s://%s%s%s" % (self.scheme, host, port, path)

        def getresponse(self):
            if self._method is None:
                raise http_client.ResponseNotReady("no request was sent")
            method = self._method
            answer = _perform(method, self._url(), self._headers, b"".join(self._body))
            self._reset()
            return _HostResponse(answer, method)

    class HostHTTPSConnection(HostHTTPConnection):
        """http.client.HTTPSConnection through the host (which does the TLS)."""

        default_port = 443
        scheme = "https"

        def __init__(self, host, port=None, *args, context=None, **kwargs):
            super().__init__(host, port, *args, **kwargs)

    return HostHTTPConnection, HostHTTPSConnection


_patched = set()


def _make_urlopen(connectionpool):
    """`HTTPConnectionPool.urlopen` through the host: urllib3 1.26 and 2.x (requests uses it)."""
    import urllib3.response

    def urlopen(self, method, url, body=None, headers=None, retries=None, redirect=True, *args, **kwargs):
        if "://" not in url:
            default = 443 if self.scheme == "https" else 80
            host = self.host if ":" not in self.host or self.host.startswith("[") else "[%s]" % self.host
            port = "" if not self.port or self.port == default else ":%d" % self.port
            url = "%s://%s%s%s" % (self.scheme, host, port, url)
        if isinstance(body, str):
            body = body.encode("utf-8")
        answer = _perform(method, url, list(dict(headers or {}).items()), _read_body(body))
        response_headers = urllib3.response.HTTPHeaderDict()
        for name, value in answer.get("headers") or []:
            response_headers.add(name, value)
        return urllib3.response.HTTPResponse(
            body=_io.BytesIO(answer["body"]),
            headers=response_headers,
            status=answer.get("status"),
            reason=answer.get("statusText") or "",
            # The host decoded gzip/deflate/br already and dropped content-encoding.
            decode_content=False,
            preload_content=kwargs.get("preload_content", True),
            request_method=method,
            request_url=answer.get("url") or url,
            pool=self,
        )

    return urlopen


def _patch(module_name, module):
    """Routes one of the modules through the host (once per process)."""
    if module_name in _patched:
        return
    _patched.add(module_name)
    if module_name == "urllib3.connectionpool":
        module.HTTPConnectionPool.urlopen = _make_urlopen(module)
    elif module_name == "http.client":
        http_connection, https_connection = _make_connections(module)
        module.HTTPConnection = http_connection
        module.HTTPSConnection = https_connection
    else:
        handler = _make_handler(module)
        # Openers the program builds itself use urllib's own handlers: they go through the host too.
        module.HTTPHandler.http_open = lambda self, request: handler.http_open(self, request)
        if hasattr(module, "HTTPSHandler"):
            module.HTTPSHandler.https_open = lambda self, request: handler.http_open(self, request)
        module.install_opener(module.build_opener(handler))


class _PatchOnImport:
    """A meta path finder that routes http.client and urllib.request through the host as soon as
    the program imports them (so a run that never imports them pays nothing)."""

    names = ("http.client", "urllib.request", "urllib3.connectionpool")

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.names or fullname in _patched:
            return None
        import importlib.machinery

        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _PatchingLoader(spec.loader, fullname)
        return spec


class _PatchingLoader:
    def __init__(self, loader, name):
        self._loader = loader
        self._name = name

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        _patch(self._name, module)

    def __getattr__(self, name):
        return getattr(self._loader, name)


_hooked = False


def install(transport, enabled):
    """Routes urllib.request and http.client through `transport` for this run (`enabled`: the
    run has a network policy; otherwise every request fails with NetworkError saying so). Modules
    already imported are patched now, the others when the program imports them."""
    global _transport, _enabled, _hooked
    _transport = transport
    _enabled = bool(enabled)
    if _hooked:
        return
    _hooked = True
    import sys

    for name in _PatchOnImport.names:
        if name in sys.modules:
            _patch(name, sys.modules[name])
    sys.meta_path.insert(0, _PatchOnImport())
