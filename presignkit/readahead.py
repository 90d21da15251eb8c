"""Read (and hash) the next chunks of an upload on a worker thread while the current one is sent.

Reading, hashing and sending one after another left each core idle two thirds of the time: a
1 GiB PUT spent 1.4 s in sha256, 1.1 s in socket sends and 0.3 s in reads (bench/RESULTS.md).
hashlib and socket I/O both release the GIL, so a producer thread a bounded number of chunks
ahead overlaps them; memory stays at `depth + 2` chunks whatever the file size.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from types import TracebackType

import attrs

_END = object()


@attrs.frozen
class _Failure:
    error: BaseException


class ReadAhead:
    """`produce()` returns the next chunk, or None at the end; it runs on one worker thread.

    Use as a context manager around the send: leaving it stops and joins the thread, so the
    source can be closed safely afterwards even when the send failed halfway.
    """

    def __init__(self, produce: Callable[[], bytes | None], *, depth: int = 2) -> None:
        self._produce = produce
        self._queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="presignkit-read-ahead", daemon=True)
        self._finished = False

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                chunk = self._produce()
                if not self._offer(_END if chunk is None else chunk) or chunk is None:
                    return
        except BaseException as error:  # handed to the consumer, which raises it
            self._offer(_Failure(error))

    def _offer(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def next_chunk(self) -> bytes | None:
        """The next chunk (blocking until it is read), or None once the source is exhausted."""
        if self._finished:
            return None
        item = self._queue.get()
        return self._unwrap(item)

    def next_chunk_nowait(self) -> bytes | None:
        """Like next_chunk, but raises queue.Empty instead of waiting."""
        if self._finished:
            return None
        return self._unwrap(self._queue.get_nowait())

    def _unwrap(self, item: object) -> bytes | None:
        if item is _END:
            self._finished = True
            return None
        if isinstance(item, _Failure):
            self._finished = True
            raise item.error
        assert isinstance(item, bytes)
        return item

    def __enter__(self) -> ReadAhead:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        while True:  # unblock a producer waiting for room
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._thread.join()
