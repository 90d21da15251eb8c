"""Properties of the many-files engine, on a fake vendor (no sockets, so hypothesis can try many
shapes): exactly one outcome per source, whatever the mix, the concurrency and stop_on_error; a
refused source with stop_on_error means not one request."""

from __future__ import annotations

import anyio
from hypothesis import given, settings
from hypothesis import strategies as st

import presignkit
from presignkit.errors import ValidationError
from presignkit.many import FAILED, NOT_STARTED, UPLOADED, ManySource, SourceOutcome
from tests.facade.fakes import API, FakeService, loops_completed, loops_created
from tests.many.conftest import FAST_RETRY


def fake_loops() -> FakeService:
    return FakeService().on("POST", "/v1/uploads", loops_created()).on("POST", "/complete", loops_completed())


def run(
    fake: FakeService, sources: list[object], concurrency: int, stop_on_error: bool
) -> list[SourceOutcome]:
    async def main() -> list[SourceOutcome]:
        settings_ = presignkit.Loops(api_key="d0c5a4b9e8f7sandbox0loops0key01", base_url=API)
        transport = fake.async_transport()
        async with presignkit.AsyncUploader(
            settings_, retry=FAST_RETRY, transport=transport, storage_transport=transport
        ) as uploader:
            outcomes = uploader.upload_many(sources, concurrency=concurrency, stop_on_error=stop_on_error)
            return [outcome async for outcome in outcomes]

    return anyio.run(main)


@settings(max_examples=30, deadline=None)
@given(
    good=st.lists(st.booleans(), max_size=12),
    concurrency=st.integers(1, 6),
    stop_on_error=st.booleans(),
)
def test_one_outcome_per_source(good: list[bool], concurrency: int, stop_on_error: bool) -> None:
    sources: list[object] = [
        ManySource(b"\x89PNG" + bytes([i]) * 10, content_type="image/png") if ok else b""
        for i, ok in enumerate(good)
    ]
    fake = fake_loops()
    outcomes = run(fake, sources, concurrency, stop_on_error)
    assert sorted(o.index for o in outcomes) == list(range(len(sources)))
    by_index = {o.index: o for o in outcomes}
    refused = [i for i, ok in enumerate(good) if not ok]
    for index in refused:
        assert by_index[index].status == FAILED and isinstance(by_index[index].error, ValidationError)
    expected = NOT_STARTED if (refused and stop_on_error) else UPLOADED
    for index in (i for i, ok in enumerate(good) if ok):
        assert by_index[index].status == expected
        assert by_index[index].source is sources[index]
    creates = [r for r in fake.api_requests() if r.url.path.endswith("/v1/uploads")]
    assert len(creates) == (0 if expected == NOT_STARTED else sum(good))
    if expected == NOT_STARTED:
        assert fake.requests == []
