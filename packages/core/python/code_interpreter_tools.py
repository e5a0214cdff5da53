"""The `tools` object of a Python sandbox (code mode): the application's tools, called from code.

    inventory = await tools.get_inventory(sku="A1")       # or: tools.get_inventory.sync(sku="A1")
    counts = await asyncio.gather(*(tools.get_inventory(sku=s) for s in skus))

A call sends its arguments to the host as JSON and returns what the tool returned, decoded from
JSON (fresh Python values: nothing of the host is reachable). A failed call raises `ToolError`
with the tool's message. Calls start when they are made, so `asyncio.gather` runs them at once.

The transport is the runtime's (native: the box's protocol pipe; Pyodide: the isolate's bridge):
    transport.start(name, input_json) -> awaitable of (ok, text)
    transport.call(name, input_json) -> (ok, text), blocking
"""

import json as _json
import re as _re

_dumps = _json.dumps
_loads = _json.loads


class ToolError(Exception):
    """A tool call failed: the tool raised, refused the input, or a limit of the run was reached."""


_camel_boundary = _re.compile(r"([a-z0-9])([A-Z])")
_acronym_boundary = _re.compile(r"([A-Z]+)([A-Z][a-z])")
_not_snake = _re.compile(r"[^a-z0-9_]")
# Hard keywords only, as the declarations the model reads (tool-declarations.ts) use.
_keywords = frozenset(
    "False None True and as assert async await break class continue def del elif else except finally "
    "for from global if import in is lambda nonlocal not or pass raise return try while with yield".split()
)


def python_name(name):
    """The attribute a tool is reached by, as `pythonToolName` in tool-declarations.ts names it:
    snake_case (getInventory -> get_inventory), what is not an ASCII letter, digit or '_' replaced
    by '_', a leading digit prefixed with '_', a keyword suffixed with '_'."""
    snake = _acronym_boundary.sub(r"\1_\2", _camel_boundary.sub(r"\1_\2", name)).lower()
    snake = _not_snake.sub("_", snake)
    identifier = "_" if not snake else ("_" + snake if snake[0].isdigit() else snake)
    return identifier + "_" if identifier in _keywords else identifier


def _encode(name, args, kwargs):
    if args:
        if len(args) != 1 or kwargs or not isinstance(args[0], dict):
            raise ToolError(
                "%s takes keyword arguments (tools.%s(key=value, ...)) or one dict of them" % (name, python_name(name))
            )
        payload = args[0]
    else:
        # An optional argument left at None (as the stubs declare them) is not sent.
        payload = {key: value for key, value in kwargs.items() if value is not None}
    try:
        return _dumps(payload, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ToolError("The input of %s cannot be turned into JSON: %s" % (name, error)) from None


def _decode(answer):
    ok, text = answer
    if not ok:
        raise ToolError(text)
    return _loads(text)


class _Call:
    """A call in flight: await it for the tool's output."""

    __slots__ = ("_name", "_pending")

    def __init__(self, name, pending):
        self._name = name
        self._pending = pending

    def __await__(self):
        answer = yield from self._pending.__await__()
        return _decode(answer)

    def __repr__(self):
        return "<tool call %s (await it for the result)>" % self._name


class _Tool:
    __slots__ = ("_name", "_transport", "__name__", "__doc__")

    def __init__(self, name, transport, doc):
        self._name = name
        self._transport = transport
        self.__name__ = python_name(name)
        self.__doc__ = doc

    def __call__(self, *args, **kwargs):
        """Starts the call now; `await` it for the output (raises ToolError if it fails)."""
        return _Call(self._name, self._transport.start(self._name, _encode(self._name, args, kwargs)))

    def sync(self, *args, **kwargs):
        """Calls the tool and waits for its output, blocking (raises ToolError if it fails)."""
        return _decode(self._transport.call(self._name, _encode(self._name, args, kwargs)))

    def __repr__(self):
        return "<tool %s>" % self._name


class Tools:
    """The application's tools: `await tools.<name>(**input)` or `tools.<name>.sync(**input)`."""

    def __init__(self, names, transport):
        by_name = {}
        for name in names:
            by_name[name] = _Tool(name, transport, "Calls the application's tool %r." % name)
            # The declared (snake_case) name, and the tool's own where it is an identifier too.
            for attribute in (python_name(name), name):
                if attribute.isidentifier() and attribute not in _keywords and attribute not in self.__dict__:
                    self.__dict__[attribute] = by_name[name]
        self.__dict__["_by_name"] = by_name

    def __getitem__(self, name):
        """The tool of that exact name (for names that are not Python identifiers)."""
        return self._by_name[name]

    def __iter__(self):
        return iter(self._by_name)

    def __dir__(self):
        return sorted(python_name(name) for name in self._by_name)

    def __setattr__(self, name, value):
        raise AttributeError("tools cannot be changed")

    def __repr__(self):
        return "<tools: %s>" % ", ".join(self._by_name)


def install(namespace, names, transport):
    """Puts `tools` (and `ToolError`) in the cell's namespace for a run with tools, or takes away
    the ones installed earlier when the run has none (a `tools` the program made stays)."""
    current = namespace.get("tools")
    ours = current is None or isinstance(current, Tools)
    if not ours:
        return
    if names:
        namespace["tools"] = Tools(names, transport)
        namespace["ToolError"] = ToolError
    elif current is not None:
        del namespace["tools"]
        if namespace.get("ToolError") is ToolError:
            del namespace["ToolError"]
