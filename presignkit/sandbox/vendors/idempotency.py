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
from typing import Any

import attrs

from presignkit.sandbox.vendors.errors import Reply


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
