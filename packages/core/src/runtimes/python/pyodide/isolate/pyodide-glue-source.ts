/**
 * `_code_interpreter_pyodide`: the Python side of the Pyodide sandbox. Imported once while the
 * memory snapshot is built (so the driver and the common standard library modules are already
 * loaded in every sandbox booted from it), then `attach()`-ed to each sandbox's JavaScript.
 * It holds no JavaScript object before `attach()` (a memory snapshot cannot contain any).
 */
export const pyodideGlueModuleName = '_code_interpreter_pyodide';

export const pyodideGlueSource = `"""Glue between code-interpreter's Pyodide sandbox and the shared driver."""

import json as _json
import random as _random

import code_interpreter_driver as _driver_module
import code_interpreter_network as _network_module
import code_interpreter_tools as _tools_module

# Loaded ahead (they end up in the memory snapshot): a run that imports them pays nothing.
import asyncio  # noqa: F401
import base64  # noqa: F401
import bisect  # noqa: F401
import collections  # noqa: F401
import copy  # noqa: F401
import csv  # noqa: F401
import dataclasses  # noqa: F401
import datetime  # noqa: F401
import decimal  # noqa: F401
import enum  # noqa: F401
import fractions  # noqa: F401
import functools  # noqa: F401
import hashlib  # noqa: F401
import http.client  # noqa: F401
import urllib.request  # noqa: F401
import heapq  # noqa: F401
import io  # noqa: F401
import itertools  # noqa: F401
import math  # noqa: F401
import operator  # noqa: F401
import pprint  # noqa: F401
import re  # noqa: F401
import statistics  # noqa: F401
import string  # noqa: F401
import textwrap  # noqa: F401
import time  # noqa: F401
import typing  # noqa: F401
import uuid  # noqa: F401

_dumps = _json.dumps
_loads = _json.loads
_emit = None
_take_raw_output = None
_start_tool_call = None


def _drain_raw_output():
    """Moves output written below sys.stdout (os.write(1, ...), sys.__stdout__) into the cell.

    JavaScript receives those bytes while the GIL is released, so it cannot hand them to Python
    then; the driver calls this before every write and before a cell's result is read, so they
    land in order.
    """
    take = _take_raw_output
    if take is None:
        return
    chunks = take()
    if chunks is None:
        return
    for chunk in chunks:
        _driver.feed_output(chunk[0], chunk[1])


_driver = _driver_module.Driver(
    stream_fds=None,
    before_output=_drain_raw_output,
    before_result=_drain_raw_output,
    install_as_main=True,
)


class _ToolTransport:
    """Tool calls through the isolate's JavaScript (see code_interpreter_tools): 'start' returns a
    JavaScript promise of '1' + the output's JSON or '0' + the error's message, which the worker
    settles between two calls into the isolate. Waiting suspends the WebAssembly stack (JSPI),
    so the host keeps driving the run meanwhile; calls made before a wait are already running."""

    def start(self, name, input_json):
        return _PendingToolCall(_start_tool_call(name, input_json))

    def call(self, name, input_json):
        return _split(_wait(_start_tool_call(name, input_json)))


def _wait(promise):
    from pyodide.ffi import run_sync

    return run_sync(promise)


def _split(answer):
    text = str(answer)
    return (text[:1] == "1", text[1:])


class _PendingToolCall:
    __slots__ = ("_promise",)

    def __init__(self, promise):
        self._promise = promise

    def __await__(self):
        return _split(_wait(self._promise))
        yield  # noqa: unreachable; makes this a generator, as __await__ must return an iterator


_tool_transport = _ToolTransport()


def attach(emit, take_raw_output, start_tool_call=None):
    """Binds a booted sandbox to its JavaScript side: 'emit(stream, text)' receives output as it
    is printed (the JavaScript side keeps a copy and streams it to the host when asked to);
    'take_raw_output()' returns the [stream, text] pairs written to file descriptors 1 and 2 since
    the last call, or None."""
    global _emit, _take_raw_output, _start_tool_call
    _emit = emit
    _take_raw_output = take_raw_output
    _start_tool_call = start_tool_call
    # The generator's state came from the snapshot: every sandbox would draw the same numbers.
    _random.seed()


def _on_output(stream, text):
    _emit(stream, text)


def run_cell(code, max_output_chars, result_caps=None, tools=None, network=False):
    """Runs one cell with the driver; returns its result as JSON. 'result_caps' is the host's
    resultCaps as JSON: the driver cuts the result's fields to them.

    The sandbox calls this through Pyodide's callPromising (JSPI), so the synchronous driver
    entry can still wait: top-level await, asyncio.run() and time.sleep() suspend the WebAssembly
    stack and resume when the host-driven timers fire. A cell without any of those finishes in
    one call, without a trip through the event loop.
    """
    caps = _loads(result_caps) if isinstance(result_caps, str) else None
    names = _loads(tools) if isinstance(tools, str) and tools else []
    _tools_module.install(_driver.namespace, names, _tool_transport)
    _network_module.install(_tool_transport, network is True)
    result = _driver.run_cell(code, max_output_chars, _on_output, caps)
    return _dumps(result)
`;
