"""The read-ahead thread: order, bounded lead, errors handed over, and a clean stop mid-stream."""

from __future__ import annotations

import threading

import pytest

from presignkit.readahead import ReadAhead


def test_chunks_arrive_in_order_then_none() -> None:
    chunks = iter([b"a", b"bb", b"ccc"])
    with ReadAhead(lambda: next(chunks, None)) as ahead:
        assert [ahead.next_chunk() for _ in range(4)] == [b"a", b"bb", b"ccc", None]
        assert ahead.next_chunk() is None  # stays exhausted instead of blocking


def test_producer_stays_a_bounded_number_of_chunks_ahead() -> None:
    produced = 0

    def produce() -> bytes | None:
        nonlocal produced
        if produced == 50:
            return None
        produced += 1
        return b"x"

    leads = []
    with ReadAhead(produce, depth=2) as ahead:
        consumed = 0
        while ahead.next_chunk() is not None:
            consumed += 1
            leads.append(produced - consumed)
    assert consumed == 50
    # At most `depth` chunks queued plus one in the producer's hand, whatever the file size.
    assert max(leads) <= 3


def test_a_producer_error_is_raised_by_the_consumer() -> None:
    calls = iter([b"first"])

    def produce() -> bytes | None:
        chunk = next(calls, None)
        if chunk is None:
            raise OSError("disk went away")
        return chunk

    with ReadAhead(produce) as ahead:
        assert ahead.next_chunk() == b"first"
        with pytest.raises(OSError, match="disk went away"):
            ahead.next_chunk()
        assert ahead.next_chunk() is None


def test_leaving_early_stops_and_joins_the_thread() -> None:
    with ReadAhead(lambda: b"endless") as ahead:
        assert ahead.next_chunk() == b"endless"
    assert not any(t.name == "presignkit-read-ahead" and t.is_alive() for t in threading.enumerate())
