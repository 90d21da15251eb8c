"""Idempotency keys for the workflows: random for a one-off upload, derived for a resumable one.

A workflow asks its request for one key per logical request (`request.idempotency_key(label)`,
label = the operation, e.g. "createUpload"). A one-off upload gets a fresh random key each time.
A journaled or distributed upload gets keys derived from a seed that belongs to the upload (a
journal entry, a task), so the same step of the same upload sends the same key after a crash or
a task retry, and a vendor that honours keys replays its first answer instead of creating a
second record. The n-th request with the same label in one run gets its own key (a second
presign after an expired URL must not replay the expired one), and a rerun counts from 0 again.

Keys are 32 lowercase hex characters (a UUID's hex): within every vendor's key rules
(Streamloop: up to 200 characters; Scripe: `^[A-Za-z0-9_-]{1,64}$`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

# A fixed namespace, so keys derived on any machine from the same seed are the same.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/presignkit/presignkit#idempotency-key")


# label -> key; what `UploadRequest.idempotency_key` holds.
KeyFactory = Callable[[str], str]


def random_key(label: str) -> str:
    """A fresh key: one per logical request, reused only by the driver's retries of it."""
    return uuid.uuid4().hex


class DerivedKeys:
    """Keys derived from `seed`: uuid5(seed, label, n) for the n-th request labelled `label`.

    Not thread-safe by design: one upload's workflow runs in one task at a time."""

    def __init__(self, seed: str) -> None:
        if not seed:
            raise ValueError("seed is empty; accepted is a non-empty string that identifies the upload")
        self.seed = seed
        self._counts: dict[str, int] = {}

    def __call__(self, label: str, /) -> str:
        occurrence = self._counts.get(label, 0)
        self._counts[label] = occurrence + 1
        return derive_key(self.seed, label, occurrence)


def derive_key(seed: str, label: str, occurrence: int = 0) -> str:
    # "/" cannot be confused across fields: a label is an operation name and occurrence a number,
    # and the seed comes first, so (seed, label, n) maps to one name only.
    return uuid.uuid5(_NAMESPACE, f"{seed}/{label}/{occurrence}").hex


def seed_from(*parts: str | int) -> str:
    """A seed from what identifies an upload (e.g. a run id, a path, its size and mtime), for
    callers without a journal: the same parts give the same keys on any worker."""
    return uuid.uuid5(_NAMESPACE, "\x1f".join(str(part) for part in parts)).hex


def new_seed() -> str:
    """A seed for a new journal entry: random, then stored with the entry."""
    return uuid.uuid4().hex
