"""Fault injection: the plan's bookkeeping, the command-line syntax, and each knob on a real server."""

from __future__ import annotations

import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from presignkit.sandbox import (
    AddLatency,
    DropConnection,
    ExpireUrls,
    FailRequests,
    FailResponse,
    FaultAction,
    FaultPlan,
    FaultSpecError,
    ObjectStore,
    parse_fault_spec,
    serve,
)
from presignkit.sandbox.fault_middleware import InjectFaults
from presignkit.sandbox.recording import RecordRequests, RequestLog

BODY = bytes(range(256)) * 4096  # 1 MiB

# -- the plan ----------------------------------------------------------------------------------


def test_failures_for_a_route_are_used_in_the_order_added() -> None:
    plan = FaultPlan()
    plan.fail_next("store.put", 2, status=503, retry_after=1)
    plan.fail_next("store.put", 1, status=425)

    statuses = [
        action.fail.status if action.fail else None for action in (plan.take("store.put") for _ in range(4))
    ]

    assert statuses == [503, 503, 425, None]
    assert plan.pending() == []


def test_a_route_covers_the_routes_below_it_only() -> None:
    plan = FaultPlan()
    plan.fail_next("store", 3, status=500)
    assert plan.take("storex.put") == FaultAction()
    assert plan.take("loops.store") == FaultAction()
    assert plan.take("store.put").fail is not None
    assert plan.take("store.get").fail is not None
    assert plan.take("store").fail is not None
    assert plan.take("store.put") == FaultAction()


def test_star_covers_every_route() -> None:
    plan = FaultPlan()
    plan.add_latency("*", 0.5, times=2)
    assert plan.take("loops.create_upload").delay == 0.5
    assert plan.take("store.put").delay == 0.5
    assert plan.take("store.put").delay == 0.0


def test_latency_without_times_applies_to_every_request() -> None:
    plan = FaultPlan()
    plan.add_latency("store.put", 0.25)
    assert [plan.take("store.put").delay for _ in range(5)] == [0.25] * 5
    assert plan.take("store.get").is_noop


def test_a_failed_request_is_not_also_dropped() -> None:
    plan = FaultPlan()
    plan.drop_connection("store.put", after_bytes=10)
    plan.fail_next("store.put", status=503)
    first, second = plan.take("store.put"), plan.take("store.put")
    assert (first.fail is not None, first.drop_after) == (True, None)
    assert (second.fail, second.drop_after) == (None, 10)


def test_clear_forgets_a_route_and_the_routes_below_it() -> None:
    plan = FaultPlan()
    plan.fail_next("store.put", status=503)
    plan.expire_urls("store")
    plan.fail_next("loops.complete_upload", status=425)
    plan.clear("store")
    assert [fault.route for fault, _ in plan.pending()] == ["loops.complete_upload"]
    plan.clear()
    assert plan.pending() == []


def test_pending_counts_down() -> None:
    plan = FaultPlan()
    plan.fail_next("store.put", 3, status=503)
    plan.take("store.put")
    ((fault, remaining),) = plan.pending()
    assert (fault.route, remaining) == ("store.put", 2)


def test_plan_is_safe_to_use_from_many_threads() -> None:
    plan = FaultPlan()
    plan.fail_next("store.put", 500, status=503)
    failures: Counter[bool] = Counter()
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(200):
            failed = plan.take("store.put").fail is not None
            with lock:
                failures[failed] += 1

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == Counter({True: 500, False: 1100})


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda plan: plan.fail_next("store.put", 0, status=503), "times=0: accepted is a count >= 1"),
        (lambda plan: plan.fail_next("store.put", status=200), "status=200: accepted is an error status"),
        (lambda plan: plan.fail_next("store put", status=503), "route 'store put'"),
        (lambda plan: plan.add_latency("store.put", -1), "latency -1: accepted"),
        (lambda plan: plan.drop_connection("store.put", after_bytes=-1), "after_bytes=-1: accepted"),
    ],
)
def test_plan_refuses_bad_arguments(call: object, message: str) -> None:
    assert callable(call)
    with pytest.raises(ValueError, match=message):
        call(FaultPlan())


# -- the command-line syntax -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "fault"),
    [
        (
            "store.put:fail=2,status=503,retry_after=1",
            FailRequests("store.put", 2, FailResponse(status=503, retry_after="1")),
        ),
        (
            "loops.complete_upload:fail=3,status=425",
            FailRequests("loops.complete_upload", 3, FailResponse(425)),
        ),
        ("store.put:drop_after=65536", DropConnection("store.put", 65536, 1)),
        ("store.put:drop_after=0,times=3", DropConnection("store.put", 0, 3)),
        ("store.put:latency=0.2", AddLatency("store.put", 0.2, None)),
        ("*:latency=1,times=4", AddLatency("*", 1.0, 4)),
        ("store:expire_urls", ExpireUrls("store", None)),
        (" store:expire_urls,times=2 ", ExpireUrls("store", 2)),
        (
            "scripe.createUpload:fail=1,status=429,retry_after=2.5",
            FailRequests("scripe.createUpload", 1, FailResponse(429, retry_after="2.5")),
        ),
    ],
)
def test_fault_spec_parses(spec: str, fault: object) -> None:
    assert parse_fault_spec(spec) == fault


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("store.put", "expected ROUTE:KNOB"),
        ("store.put:", "expected ROUTE:KNOB"),
        ("store put:fail=1,status=503", "route 'store put' is not a dotted name"),
        ("store.put:fial=2", "unknown knob 'fial'"),
        ("store.put:fail=2", "fail=N needs status=S (400-599)"),
        ("store.put:fail=two,status=503", "fail='two': accepted is a whole number >= 1"),
        ("store.put:fail=0,status=503", "fail='0': accepted is a whole number >= 1"),
        ("store.put:fail=1,status=200", "status='200': accepted is a whole number >= 400"),
        ("store.put:fail=1,status=600", "status=600: accepted is 400-599"),
        (
            "store.put:fail=1,status=503,retry_after=soon",
            "retry_after='soon': accepted is a number of seconds",
        ),
        ("store.put:fail=1,status=503,times=2", "fail does not take times; it accepts status, retry_after"),
        ("store.put:latency=-1", "latency='-1': accepted is a number of seconds >= 0"),
        ("store.put:latency=nan", "latency='nan': accepted is a number of seconds >= 0"),
        ("store.put:latency=0.2,status=503", "latency does not take status; it accepts times"),
        ("store.put:drop_after=1k", "drop_after='1k': accepted is a whole number >= 0"),
        ("store:expire_urls=yes", "expire_urls takes no value"),
        ("store.put:fail=1,status=503,status=500", "option 'status' is given twice"),
        ("store.put:fail=1,503", "option '503' is not NAME=VALUE"),
    ],
)
def test_bad_fault_spec_says_what_is_accepted(spec: str, problem: str) -> None:
    with pytest.raises(FaultSpecError) as raised:
        parse_fault_spec(spec)
    message = str(raised.value)
    assert message.startswith(f"fault spec {spec!r}: {problem}")
    # Every error carries the whole syntax, so the fix is one read away.
    assert "fail=N,status=S[,retry_after=SECONDS]" in message
    assert "drop_after=BYTES" in message and "expire_urls" in message and "latency=SECONDS" in message


def test_plan_from_specs() -> None:
    plan = FaultPlan.from_specs(["store.put:fail=1,status=503", "store.put:latency=0.1,times=1"])
    action = plan.take("store.put")
    assert (action.delay, action.fail) == (0.1, FailResponse(503))
    assert plan.take("store.put").is_noop


def test_a_plan_restricted_to_known_routes_refuses_any_other() -> None:
    plan = FaultPlan.from_specs(["store.put:fail=1,status=503"])
    plan.restrict_to(["store.put", "store.get", "loops.createUpload"])
    for route in ("store", "loops", "loops.createUpload", "*"):  # a route and its prefixes
        plan.fail_next(route, status=500)
    with pytest.raises(
        FaultSpecError, match=r"'nosuch.route' matches no request.*loops\.createUpload, store\.get"
    ):
        plan.fail_next("nosuch.route", status=500)
    with pytest.raises(FaultSpecError, match=r"'loops\.create'"):
        plan.add_spec("loops.create:fail=1,status=500")  # a prefix of a name is not a route
    unknown = FaultPlan.from_specs(["flare.nosuch:fail=1,status=500"])
    with pytest.raises(FaultSpecError, match=r"'flare\.nosuch'"):
        unknown.restrict_to(["flare.createVideo"])


def test_the_sandbox_command_refuses_an_unknown_route_listing_the_known_ones() -> None:
    from click.testing import CliRunner

    from presignkit.cli import main

    result = CliRunner().invoke(main, ["sandbox", "--fault", "nosuch.route:fail=1,status=500"])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and "'nosuch.route' matches no request" in line
    assert "loops.completeUpload" in line and "store.put" in line and "scripe.getJob" in line
    assert "export " not in result.stdout  # it never started


# -- each knob on a real server ------------------------------------------------------------


def test_fail_next_answers_with_status_retry_after_and_s3_body(
    store: ObjectStore, client: httpx.Client
) -> None:
    store.faults.add_spec("store.put:fail=2,status=503,retry_after=1")
    url = store.presign_put("uploads", "k")

    responses = [client.put(url, content=b"abc") for _ in range(3)]

    assert [r.status_code for r in responses] == [503, 503, 200]
    for response in responses[:2]:
        assert response.headers["retry-after"] == "1"
        assert response.headers["content-type"] == "application/xml"
        assert ET.fromstring(response.content).findtext("Code") == "SlowDown"
    assert [r.status for r in store.requests] == [503, 503, 200]
    assert store.object("uploads", "k").read_bytes() == b"abc"


def test_fail_next_with_the_callers_body(store: ObjectStore, client: httpx.Client) -> None:
    store.faults.fail_next(
        "store.get",
        status=429,
        body='{"error": {"type": "rate_limited"}}',
        content_type="application/json",
        headers={"X-RateLimit-Reset": "3"},
    )
    response = client.get(store.object_url("uploads", "k"))
    assert (response.status_code, response.json()) == (429, {"error": {"type": "rate_limited"}})
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-ratelimit-reset"] == "3"
    assert "retry-after" not in response.headers


def test_425_n_times_then_through(store: ObjectStore, client: httpx.Client) -> None:
    store.faults.add_spec("store.head:fail=3,status=425")
    statuses = [client.head(store.object_url("uploads", "k")).status_code for _ in range(4)]
    assert statuses == [425, 425, 425, 404]


def test_failed_put_reads_the_whole_body_first(store: ObjectStore, client: httpx.Client) -> None:
    # Answering before the body is read would stall or reset a client still sending it.
    store.faults.fail_next("store.put", status=500)
    response = client.put(store.presign_put("uploads", "k"), content=BODY)
    assert response.status_code == 500
    (recorded,) = store.requests
    assert recorded.body_size == len(BODY)


def test_latency_delays_the_response(store: ObjectStore, client: httpx.Client) -> None:
    store.faults.add_latency("store.get", 0.3, times=1)
    started = time.monotonic()
    response = client.get(store.object_url("uploads", "k"))
    # A lower bound only: a sleep of 0.3 s cannot finish sooner, however loaded the machine.
    assert time.monotonic() - started >= 0.3
    assert response.status_code == 404
    assert store.faults.pending() == []


def test_drop_after_gives_the_client_a_transport_error(store: ObjectStore, client: httpx.Client) -> None:
    store.faults.add_spec("store.put:drop_after=65536")
    url = store.presign_put("uploads", "k")

    with pytest.raises(httpx.TransportError):
        client.put(url, content=BODY)

    (dropped,) = store.wait_idle()
    assert dropped.status is None
    assert 65536 <= dropped.body_size < len(BODY)
    assert store.objects() == []
    # Only the next PUT was dropped; a retry goes through.
    assert client.put(url, content=BODY).status_code == 200
    assert store.object("uploads", "k").size == len(BODY)


def test_drop_after_more_bytes_than_the_body_drops_at_its_end(
    store: ObjectStore, client: httpx.Client
) -> None:
    store.faults.drop_connection("store.put", after_bytes=10 * len(BODY))
    with pytest.raises(httpx.TransportError):
        client.put(store.presign_put("uploads", "k"), content=BODY)
    assert store.wait_idle()[0].status is None
    assert store.objects() == []


def test_drop_of_a_bodiless_request(store: ObjectStore, client: httpx.Client) -> None:
    store.faults.add_spec("store.get:drop_after=0")
    with pytest.raises(httpx.TransportError):
        client.get(store.object_url("uploads", "k"))
    assert client.get(store.object_url("uploads", "k")).status_code == 404


def test_expire_urls_makes_fresh_urls_expired(store: ObjectStore, client: httpx.Client) -> None:
    store.faults.add_spec("store:expire_urls,times=1")
    url = store.presign_put("uploads", "k")

    refused = client.put(url, content=b"abc")

    assert refused.status_code == 403
    root = ET.fromstring(refused.content)
    assert (root.findtext("Code"), root.findtext("Message")) == ("AccessDenied", "Request has expired")
    assert client.put(url, content=b"abc").status_code == 200


def test_faults_on_a_vendor_style_app_with_its_own_error_shape() -> None:
    async def complete(request: Request) -> PlainTextResponse:
        return PlainTextResponse("done")

    plan = FaultPlan.from_specs(["loops.complete_upload:fail=2,status=425"])
    log = RequestLog()
    app = RecordRequests(
        InjectFaults(
            Starlette(routes=[Route("/complete", complete, methods=["POST"])]),
            plan,
            route_for=lambda scope: "loops.complete_upload" if scope["path"] == "/complete" else None,
            render_error=lambda status: (b'{"success": false}', [("content-type", "application/json")]),
        ),
        log,
    )
    with serve(app) as base_url, httpx.Client() as client:
        responses = [client.post(base_url + "/complete") for _ in range(3)]
    assert [(r.status_code, r.text) for r in responses] == [
        (425, '{"success": false}'),
        (425, '{"success": false}'),
        (200, "done"),
    ]
    assert [r.status for r in log.snapshot()] == [425, 425, 200]
