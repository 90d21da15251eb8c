"""The journal: entries survive a reopen, move forward step by step, and name what they left behind."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presignkit.checksums import Checksum
from presignkit.errors import ConfigurationError
from presignkit.journal import COMPLETED, CREATED, PENDING, PUT_DONE, Identity, Journal

ID = Identity("/data/a.mp4", 10, 123)
CHECKSUM = Checksum("sha256", bytes.fromhex("ab" * 32))


def test_wal_mode_and_entry_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    with Journal(path) as journal:
        assert journal.journal_mode == "wal"
        entry = journal.begin("streamloop", ID)
        assert entry.state == PENDING and entry.attempts == 1
        journal.record_created(entry.id, "upl_1")
        journal.record_put(entry.id, size=10, checksum=CHECKSUM, status=200)
    with Journal(path) as journal:
        again = journal.begin("streamloop", ID)
        assert again.id == entry.id
        assert again.seed == entry.seed  # the keys derived from it are the same after a restart
        assert again.state == PUT_DONE and again.record_id == "upl_1" and again.put_checksum == CHECKSUM
        assert again.attempts == 2


def test_completed_entry_is_not_attempted_again(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        entry = journal.begin("loops", ID)
        journal.record_created(entry.id, "ea_1")
        journal.record_completed(
            entry.id, asset_id="ea_1", url="u", content_type="image/png", size=10, checksum=None
        )
        again = journal.begin("loops", ID)
        assert again.completed and again.attempts == 1 and again.asset_id == "ea_1"


def test_changed_file_is_a_new_entry_and_vendors_are_separate(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        first = journal.begin("flare", ID)
        changed = journal.begin("flare", Identity(ID.path, ID.size, ID.mtime_ns + 1))
        other_vendor = journal.begin("scripe", ID)
        assert len({first.id, changed.id, other_vendor.id}) == 3
        assert len({first.seed, changed.seed, other_vendor.seed}) == 3


def test_a_new_record_orphans_the_previous_one(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        entry = journal.begin("loops", ID)
        journal.record_created(entry.id, "ea_1")
        journal.record_created(entry.id, "ea_1")  # the same record again is not an orphan
        journal.record_created(entry.id, "ea_2")
        journal.abandon_record(entry.id)
        journal.record_created(entry.id, "ea_3")
        got = journal.get(entry.id)
        assert got.orphans == ("ea_1", "ea_2") and got.record_id == "ea_3" and got.state == CREATED
        assert journal.summary().orphans == ((ID.path, "ea_1"), (ID.path, "ea_2"))


def test_failure_keeps_progress_and_success_clears_it(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        entry = journal.begin("streamloop", ID)
        journal.record_created(entry.id, "upl_1")
        journal.record_failed(entry.id, "boom")
        got = journal.get(entry.id)
        assert got.state == CREATED and got.error == "boom"
        assert journal.summary().failed == 1 and journal.summary().half_done == 1
        journal.record_completed(
            entry.id, asset_id="upl_1", url=None, content_type="video/mp4", size=1, checksum=None
        )
        assert journal.get(entry.id).error is None and journal.summary().failed == 0


def test_not_a_journal_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is not sqlite" * 100)
    with pytest.raises(ConfigurationError, match="cannot be used"):
        Journal(path)


def test_other_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    Journal(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    with pytest.raises(ConfigurationError, match="schema version 99"):
        Journal(path)


def test_identity_of_file_is_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x.bin").write_bytes(b"123")
    monkeypatch.chdir(tmp_path)
    identity = Identity.of_file("x.bin")
    assert identity.path == str((tmp_path / "x.bin").resolve()) and identity.size == 3


STEP = st.sampled_from(["created", "put", "completed", "failed", "abandon", "reopen"])


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(st.tuples(STEP, st.integers(0, 3)), max_size=12))
def test_state_follows_the_last_step_and_no_record_is_lost(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int]]
) -> None:
    """Whatever order steps arrive in (and across reopenings), every record ever created is
    either the current one or an orphan, and a completed entry is never started again."""
    path = tmp_path_factory.mktemp("j") / "j.sqlite"
    journal = Journal(path)
    entry = journal.begin("streamloop", ID)
    created: set[str] = set()
    completed = False
    try:
        for step, n in steps:
            record = f"r{n}"
            if step == "created" and not completed:
                journal.record_created(entry.id, record)
                created.add(record)
            elif step == "put" and not completed:
                journal.record_put(entry.id, size=1, checksum=None, status=200)
            elif step == "completed" and not completed:
                journal.record_completed(
                    entry.id, asset_id=record, url=None, content_type="t", size=1, checksum=None
                )
                completed = True
            elif step == "failed":
                journal.record_failed(entry.id, "e")
            elif step == "abandon" and not completed:
                journal.abandon_record(entry.id)
            elif step == "reopen":
                journal.close()
                journal = Journal(path)
                again = journal.begin("streamloop", ID)
                assert again.id == entry.id and again.seed == entry.seed
            got = journal.get(entry.id)
            known = set(got.orphans) | ({got.record_id} if got.record_id else set())
            assert created <= known
            assert len(got.orphans) == len(set(got.orphans))
            assert got.state in (PENDING, CREATED, PUT_DONE, COMPLETED)
            assert (got.state == COMPLETED) == completed
    finally:
        journal.close()
