"""Typed clients from the factory retry under the facade's policy (the RetryTransport is mounted
by default): against the sandbox, a 429 with Retry-After then a 503 end in success with one
Idempotency-Key on every attempt (Streamloop, Scripe), and a create that cannot be made
idempotent is not sent again after a 500 (Loops, Flare)."""

from __future__ import annotations

from typing import Any

import pytest

from presignkit import RetryPolicy
from presignkit.sandbox import Sandbox
from presignkit.vendors.registry import settings_types
from tests.typed.calls import CREATE_ROUTE, CREATED_STATUS, MODES, call_create

# No backoff of our own, so every wait recorded is one the server asked for (Retry-After).
NO_BACKOFF = RetryPolicy(initial_delay=0.0, max_delay=0.0, jitter=0.0)


CREATE_PATH = {
    "streamloop": "/v1/uploads",
    "loops": "/api/v1/uploads",
    "flare": "/api/video/create",
    "scripe": "/v1/uploads",
}


class Sleeps(list[float]):
    def sync(self, seconds: float) -> None:
        self.append(seconds)

    async def async_(self, seconds: float) -> None:
        self.append(seconds)


def typed_client(sandbox: Sandbox, vendor: str, mode: str, sleeps: Sleeps, **options: Any) -> Any:
    settings: Any = settings_types()[vendor]()
    if mode == "sync":
        return settings.client(environ=sandbox.env(), sleep=sleeps.sync, **options)
    return settings.async_client(environ=sandbox.env(), sleep=sleeps.async_, **options)


def attempts(sandbox: Sandbox, vendor: str) -> list[Any]:
    """The requests that reached the vendor's create (the faulted ones included)."""
    path = CREATE_PATH[vendor]
    return [r for r in sandbox.api_requests if r.method == "POST" and r.path.endswith(path)]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", ["streamloop", "scripe"])
def test_429_then_503_succeeds_with_one_idempotency_key(
    presignkit_sandbox: Sandbox, vendor: str, mode: str
) -> None:
    presignkit_sandbox.faults.fail_next(CREATE_ROUTE[vendor], status=429, retry_after=1)
    presignkit_sandbox.faults.fail_next(CREATE_ROUTE[vendor], status=503)
    sleeps = Sleeps()
    client = typed_client(presignkit_sandbox, vendor, mode, sleeps, retry=NO_BACKOFF)

    response = call_create(vendor, mode, client)

    assert response.status_code == CREATED_STATUS[vendor], response.content
    sent = attempts(presignkit_sandbox, vendor)
    assert [r.status for r in sent] == [429, 503, CREATED_STATUS[vendor]]
    keys = {r.header("idempotency-key") for r in sent}
    assert len(keys) == 1 and None not in keys  # added by the transport, the same on every attempt
    assert sleeps == [1.0, 0.0]  # Retry-After: 1 honoured, then the (zero) backoff
    assert len(presignkit_sandbox.assets(vendor)) == 1


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", ["loops", "flare"])
def test_a_create_answered_500_is_not_sent_again(presignkit_sandbox: Sandbox, vendor: str, mode: str) -> None:
    presignkit_sandbox.faults.fail_next(CREATE_ROUTE[vendor], status=500)
    sleeps = Sleeps()
    client = typed_client(presignkit_sandbox, vendor, mode, sleeps, retry=NO_BACKOFF)

    response = call_create(vendor, mode, client)

    # The vendor may have made the record: the caller gets the 500 and decides.
    assert response.status_code == 500
    assert [r.status for r in attempts(presignkit_sandbox, vendor)] == [500]
    assert sleeps == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", ["loops", "flare"])
def test_a_create_refused_with_429_is_sent_again(presignkit_sandbox: Sandbox, vendor: str, mode: str) -> None:
    # The same create is retried when the answer shows nothing was made: the 500 above was a
    # decision, not a client without retries.
    presignkit_sandbox.faults.fail_next(CREATE_ROUTE[vendor], status=429, retry_after=2)
    sleeps = Sleeps()
    client = typed_client(presignkit_sandbox, vendor, mode, sleeps, retry=NO_BACKOFF)

    response = call_create(vendor, mode, client)

    assert response.status_code == CREATED_STATUS[vendor]
    assert [r.status for r in attempts(presignkit_sandbox, vendor)] == [429, CREATED_STATUS[vendor]]
    assert sleeps == [2.0]
    assert len(presignkit_sandbox.assets(vendor)) == 1


@pytest.mark.parametrize("mode", MODES)
def test_retry_none_mounts_no_retries(presignkit_sandbox: Sandbox, mode: str) -> None:
    presignkit_sandbox.faults.fail_next(CREATE_ROUTE["scripe"], status=503)
    sleeps = Sleeps()
    client = typed_client(presignkit_sandbox, "scripe", mode, sleeps, retry=None)

    response = call_create("scripe", mode, client)

    assert response.status_code == 503
    [sent] = attempts(presignkit_sandbox, "scripe")
    assert sent.header("idempotency-key") is None  # nothing added: the call goes out as written
    assert sleeps == []


def test_the_default_policy_is_mounted(presignkit_sandbox: Sandbox) -> None:
    presignkit_sandbox.faults.fail_next(CREATE_ROUTE["streamloop"], status=503)
    sleeps = Sleeps()
    client = typed_client(presignkit_sandbox, "streamloop", "sync", sleeps)

    assert call_create("streamloop", "sync", client).status_code == 201
    assert len(sleeps) == 1 and 0 < sleeps[0] <= RetryPolicy().initial_delay * 1.25


def test_async_retries_wait_with_anyio_by_default(presignkit_sandbox: Sandbox) -> None:
    presignkit_sandbox.faults.fail_next(CREATE_ROUTE["scripe"], status=503)
    settings: Any = settings_types()["scripe"]()
    client = settings.async_client(environ=presignkit_sandbox.env(), retry=NO_BACKOFF)

    assert call_create("scripe", "async", client).status_code == 200
    assert [r.status for r in attempts(presignkit_sandbox, "scripe")] == [503, 200]
