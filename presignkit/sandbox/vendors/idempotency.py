"""Idempotency-Key records: replay the first response for a key, refuse a key reused for
something else.

Each vendor decides which requests carry a usable key, how a request is fingerprinted (what
"the same request" means) and which responses are kept; this module only keeps the records.
Records live for the sandbox's lifetime (the vendors keep them 24 h) until `clear()`.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from typing import Any

import attrs

from presignkit.sandbox.vendors.errors import ApiError, Reply


@attrs.frozen
class Recorded:
    fingerprint: str
    reply: Reply


def fingerprint(*parts: Any) -> str:
    """SHA-256 of the parts as canonical JSON (sorted keys, no spaces), as Scripe documents."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class IdempotencyRecords:
    """Thread-safe: the server thread records, the test thread clears."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: dict[tuple[str, ...], Recorded] = {}

    def get(self, scope: tuple[str, ...]) -> Recorded | None:
        with self._lock:
            return self._records.get(scope)

    def put(self, scope: tuple[str, ...], fingerprint: str, reply: Reply) -> None:
        with self._lock:
            self._records.setdefault(scope, Recorded(fingerprint, reply))

    def clear(self) -> None:
        with self._lock:
            self._records.clear()


def replay_or_run(
    records: IdempotencyRecords,
    scope: tuple[str, ...],
    request_print: str,
    run: Callable[[], Reply],
    *,
    conflict: Callable[[], ApiError],
    replay_header: str,
    mark_first_run: bool,
) -> Reply:
    """What Streamloop and Scripe both document: the first reply under `scope` is kept (a 5xx,
    or a reply marked not to remember, is not); the same request again gets that reply back with
    `replay_header: true`; a different request under the same key gets `conflict()`."""
    recorded = records.get(scope)
    if recorded is not None:
        if recorded.fingerprint != request_print:
            raise conflict()
        return recorded.reply.with_headers((replay_header, "true"))
    reply = run()
    if reply.status < 500 and reply.remember:
        records.put(scope, request_print, reply)
    return reply.with_headers((replay_header, "false")) if mark_first_run else reply
