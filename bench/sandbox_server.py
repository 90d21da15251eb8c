"""Run a `Sandbox` in its own process for the overhead benchmark.

    python -m bench.sandbox_server   # prints sandbox.env() as one JSON line, serves until stdin closes

In its own process the stand-ins get their own GIL and core, so the client side being timed is
not slowed by the server it talks to, and both contenders face exactly the same server.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from presignkit.sandbox import Sandbox


@contextmanager
def running_sandbox() -> Iterator[dict[str, str]]:
    """Start the sandbox in a child process; yield its `env()`."""
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.sandbox_server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        if not line:
            raise RuntimeError("the sandbox process exited before printing its environment")
        environment: dict[str, str] = json.loads(line)
        yield environment
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(15)


def main() -> None:
    with Sandbox() as sandbox:
        print(json.dumps(sandbox.env()), flush=True)
        sys.stdin.read()  # until the parent closes our stdin, or dies


if __name__ == "__main__":
    main()
