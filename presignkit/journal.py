"""A journal of many uploads: where each source got to in its vendor's workflow, in one sqlite file.

Written at every step boundary (record created, PUT done, completed), so that after a crash
(`kill -9`) or Ctrl-C the same command resumes: completed sources are skipped, a half-done one
continues from its last step where the vendor allows it, and its idempotency keys (derived from
the entry's seed, see `presignkit.idempotency`) let a vendor that honours them replay rather than
duplicate. A record that was created and then left behind (its vendor cannot continue it) is
kept in the entry's `orphans`, so the summary can name it.

Why sqlite3: in the standard library, one file, atomic commits. WAL mode with
synchronous=NORMAL: a commit survives the process being killed (the OS has the WAL pages); only
an OS crash or power loss can lose the last commits, which costs a repeated step, not a
duplicate, for vendors with idempotency keys. Each write is one short autocommitted statement
(tens of microseconds), so the async engine calls it from its event loop rather than paying for
a worker thread per write.

An entry is one source's content at one vendor: (vendor, path, size, mtime_ns). A file changed
since (another size or mtime) is another entry, uploaded again.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Self

import attrs

from presignkit.checksums import Checksum
from presignkit.errors import ConfigurationError
from presignkit.idempotency import new_seed

SCHEMA_VERSION = 1

# The states an entry moves through; each is written when the step before it succeeded.
PENDING = "pending"  # known, nothing created yet (or not that we heard of)
CREATED = "created"  # the vendor created a record (record_id)
PUT_DONE = "put"  # the bytes are in the store
COMPLETED = "completed"  # the vendor's workflow finished; never uploaded again
STATES = (PENDING, CREATED, PUT_DONE, COMPLETED)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    vendor TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    seed TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    record_id TEXT,
    put_size INTEGER,
    put_checksum TEXT,
    put_status INTEGER,
    asset_id TEXT,
    url TEXT,
    content_type TEXT,
    orphans TEXT NOT NULL DEFAULT '[]',
    error TEXT,
    updated REAL NOT NULL,
    UNIQUE (vendor, path, size, mtime_ns)
);
"""


@attrs.frozen
class Identity:
    """What makes a source the same source on a rerun. `path` is absolute for files; a source
    without a stable path (stdin buffered to a temporary file) uses a content name instead,
    e.g. `stdin:<sha256>`, with mtime_ns 0."""

    path: str
    size: int
    mtime_ns: int

    @classmethod
    def of_file(cls, path: str | os.PathLike[str]) -> Identity:
        resolved = Path(path).resolve()
        stat = resolved.stat()
        return cls(str(resolved), stat.st_size, stat.st_mtime_ns)


@attrs.frozen
class Entry:
    id: int
    vendor: str
    identity: Identity
    seed: str  # the root of this entry's idempotency keys, fixed when the entry was made
    state: str
    attempts: int  # runs that started this entry (1 on the first run)
    record_id: str | None = None
    put_size: int | None = None
    put_checksum: Checksum | None = None  # of the bytes the PUT sent, when one was asked for
    put_status: int | None = None
    asset_id: str | None = None
    url: str | None = None
    content_type: str | None = None
    orphans: tuple[str, ...] = ()
    error: str | None = None

    @property
    def completed(self) -> bool:
        return self.state == COMPLETED

    @property
    def put_done(self) -> bool:
        return self.state in (PUT_DONE, COMPLETED)


@attrs.frozen
class JournalSummary:
    entries: int
    completed: int
    half_done: int  # a record was created, not completed
    failed: int  # the last run of the entry ended in an error
    orphans: tuple[tuple[str, str], ...]  # (path, record id) left behind at the vendor


class Journal:
    """One journal file; safe to share between the threads of one process (a lock serialises
    writes). Use as a context manager, or call close()."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            # isolation_level=None: autocommit, each statement its own transaction.
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._db.executescript(_SCHEMA)
            found = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise ConfigurationError(
                f"journal {str(self.path)!r} cannot be used ({exc}); accepted is a new file or a journal "
                "written by presignkit"
            ) from exc
        if found is None:
            self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        elif found[0] != str(SCHEMA_VERSION):
            self._db.close()
            raise ConfigurationError(
                f"journal {str(self.path)!r} has schema version {found[0]}; this presignkit reads version "
                f"{SCHEMA_VERSION}: finish it with the presignkit that wrote it, or start a new journal"
            )
        self._lock = threading.Lock()

    @property
    def journal_mode(self) -> str:
        row = self._db.execute("PRAGMA journal_mode").fetchone()
        return str(row[0])

    # -- one entry's way through the workflow -----------------------------------------------------

    def begin(self, vendor: str, identity: Identity) -> Entry:
        """The entry for this source at this vendor, made on first sight, and one more attempt
        counted unless it is already completed."""
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO entries (vendor, path, size, mtime_ns, seed, state, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (vendor, identity.path, identity.size, identity.mtime_ns, new_seed(), PENDING, time.time()),
            )
            self._db.execute(
                "UPDATE entries SET attempts = attempts + 1 WHERE vendor = ? AND path = ? AND size = ? "
                "AND mtime_ns = ? AND state != ?",
                (vendor, identity.path, identity.size, identity.mtime_ns, COMPLETED),
            )
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE vendor = ? AND path = ? AND size = ? AND mtime_ns = ?",
                (vendor, identity.path, identity.size, identity.mtime_ns),
            ).fetchone()
        return _entry(row)

    def record_created(self, entry_id: int, record_id: str) -> None:
        """The vendor created `record_id`. If the entry already had another record that was not
        completed, that one is left behind: it joins the orphans."""
        self._replace_record(entry_id, record_id, CREATED)

    def record_put(self, entry_id: int, *, size: int, checksum: Checksum | None, status: int) -> None:
        self._update(
            entry_id, state=PUT_DONE, put_size=size, put_checksum=_stored(checksum), put_status=status
        )

    def record_completed(
        self,
        entry_id: int,
        *,
        asset_id: str,
        url: str | None,
        content_type: str,
        size: int,
        checksum: Checksum | None,
    ) -> None:
        self._update(
            entry_id,
            state=COMPLETED,
            asset_id=asset_id,
            url=url,
            content_type=content_type,
            put_size=size,
            put_checksum=_stored(checksum),
            error=None,
        )

    def record_failed(self, entry_id: int, message: str) -> None:
        """The run ended in an error; the entry keeps its progress, so a rerun continues from it."""
        self._update(entry_id, error=message)

    def abandon_record(self, entry_id: int) -> None:
        """The entry's record cannot be continued: it becomes an orphan and the entry starts over."""
        self._replace_record(entry_id, None, PENDING)

    def _replace_record(self, entry_id: int, record_id: str | None, state: str) -> None:
        """`record_id` (None: no record) becomes the entry's record, in `state`, and any PUT done
        for the one before is forgotten; that earlier record, if another, joins the orphans."""
        with self._lock:
            row = self._db.execute(
                "SELECT record_id, orphans FROM entries WHERE id = ?", (entry_id,)
            ).fetchone()
            if row is None:
                raise KeyError(entry_id)
            previous, orphans = row[0], json.loads(row[1])
            if record_id is not None and previous == record_id:  # a replayed create: no news
                return
            if previous is not None and previous != record_id and previous not in orphans:
                orphans.append(previous)
            self._db.execute(
                "UPDATE entries SET record_id = ?, state = ?, orphans = ?, put_size = NULL, "
                "put_checksum = NULL, put_status = NULL, updated = ? WHERE id = ?",
                (record_id, state, json.dumps(orphans), time.time(), entry_id),
            )

    def _update(self, entry_id: int, **values: object) -> None:
        names = ", ".join(f"{name} = ?" for name in values)
        with self._lock:
            cursor = self._db.execute(
                f"UPDATE entries SET {names}, updated = ? WHERE id = ?",
                (*values.values(), time.time(), entry_id),
            )
        if cursor.rowcount != 1:
            raise KeyError(entry_id)

    # -- reading -------------------------------------------------------------------------------------

    def find(self, vendor: str, identity: Identity) -> Entry | None:
        """The entry for this source, if any, without counting an attempt (a dry run)."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE vendor = ? AND path = ? AND size = ? AND mtime_ns = ?",
                (vendor, identity.path, identity.size, identity.mtime_ns),
            ).fetchone()
        return None if row is None else _entry(row)

    def get(self, entry_id: int) -> Entry:
        with self._lock:
            row = self._db.execute(f"SELECT {_COLUMNS} FROM entries WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise KeyError(entry_id)
        return _entry(row)

    def entries(self, vendor: str | None = None) -> list[Entry]:
        query = f"SELECT {_COLUMNS} FROM entries"
        arguments: tuple[str, ...] = ()
        if vendor is not None:
            query += " WHERE vendor = ?"
            arguments = (vendor,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY id", arguments).fetchall()
        return [_entry(row) for row in rows]

    def summary(self, vendor: str | None = None) -> JournalSummary:
        entries = self.entries(vendor)
        return JournalSummary(
            entries=len(entries),
            completed=sum(e.completed for e in entries),
            half_done=sum(e.state in (CREATED, PUT_DONE) for e in entries),
            failed=sum(e.error is not None and not e.completed for e in entries),
            orphans=tuple((e.identity.path, record) for e in entries for record in e.orphans),
        )

    # -- lifecycle -------------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


_COLUMNS = (
    "id, vendor, path, size, mtime_ns, seed, state, attempts, record_id, put_size, put_checksum, "
    "put_status, asset_id, url, content_type, orphans, error"
)


def _entry(row: tuple[object, ...]) -> Entry:
    (
        entry_id, vendor, path, size, mtime_ns, seed, state, attempts, record_id,
        put_size, put_checksum, put_status, asset_id, url, content_type, orphans, error,
    ) = row  # fmt: skip
    return Entry(
        id=_int(entry_id),
        vendor=str(vendor),
        identity=Identity(str(path), _int(size), _int(mtime_ns)),
        seed=str(seed),
        state=str(state),
        attempts=_int(attempts),
        record_id=_text(record_id),
        put_size=None if put_size is None else _int(put_size),
        put_checksum=None if put_checksum is None else Checksum.parse(str(put_checksum)),
        put_status=None if put_status is None else _int(put_status),
        asset_id=_text(asset_id),
        url=_text(url),
        content_type=_text(content_type),
        orphans=tuple(json.loads(str(orphans))),
        error=_text(error),
    )


def _int(value: object) -> int:
    assert isinstance(value, int), value  # INTEGER columns; sqlite3 returns int
    return value


def _stored(checksum: Checksum | None) -> str | None:
    return None if checksum is None else str(checksum)  # e.g. crc32c:yZRlqg==


def _text(value: object) -> str | None:
    return None if value is None else str(value)
