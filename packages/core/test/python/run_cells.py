"""Test harness: runs cells through one Driver (a session) and prints the results as JSON.

stdin: {"cells": [{"code": str, "maxOutputChars"?: int, "resultCaps"?: {...}}], "mode": "sync" | "async",
        "stream": bool}
stdout: a JSON list of {"result": driver result, "chunks": [[stream, text], ...]}
"""

import asyncio
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))

from code_interpreter_driver import Driver  # noqa: E402

real_stdout = sys.stdout
dumps = json.dumps  # user cells may rebind json.dumps: the harness keeps its own
request = json.load(sys.stdin)
driver = Driver()


def cells():
    for cell in request["cells"]:
        chunks = []
        on_output = (lambda stream, text, chunks=chunks: chunks.append([stream, text])) if request.get("stream") else None
        caps = cell.get("resultCaps")
        extra = {"result_caps": caps} if caps is not None else {}
        yield cell["code"], cell.get("maxOutputChars", 100_000), on_output, chunks, extra


def run_sync():
    return [
        {
            "result": driver.run_cell(code, max_output_chars=limit, on_output=on_output, **extra),
            "chunks": chunks,
        }
        for code, limit, on_output, chunks, extra in cells()
    ]


async def run_async():
    # One event loop for the whole session, as in Pyodide (its WebLoop never stops).
    outputs = []
    for code, limit, on_output, chunks, extra in cells():
        result = await driver.run_cell_async(code, max_output_chars=limit, on_output=on_output, **extra)
        outputs.append({"result": result, "chunks": chunks})
    return outputs


outputs = asyncio.run(run_async()) if request.get("mode") == "async" else run_sync()
real_stdout.write(dumps(outputs))
real_stdout.flush()
