"""Faults to inject into the sandbox's servers, per route, scripted from tests or the command line.

A route is a dotted name for one kind of request: the object store uses `store.put`, `store.get`
and `store.head`; the vendor stand-ins use `<vendor>.<operationId>`. A fault registered for a
route also applies to every route below it (`store` covers `store.put`), and `*` covers all.

The plan is shared between the test thread that scripts it and the server thread that consumes
it, so every method takes the plan's lock. Each request takes one `FaultAction` from the plan with
`take(route)`; `fault_injection.InjectFaults` carries the action out at the ASGI level.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Mapping

import attrs

FAULT_SPEC_HELP = """\
A fault spec is ROUTE:KNOB[,OPTION=VALUE...]. ROUTE is a dotted name such as store.put,
store (all store requests), loops.completeUpload, or * (every route). Knobs:
  fail=N,status=S[,retry_after=SECONDS]  answer the next N requests with status S (400-599)
  latency=SECONDS[,times=N]              delay every request (or the next N) by SECONDS
  drop_after=BYTES[,times=N]             close the connection after BYTES of the request body
                                         (next N requests, default 1)
  expire_urls[,times=N]                  treat presigned URLs as expired (every request, or the next N)
Examples: store.put:fail=2,status=503,retry_after=1  loops.completeUpload:fail=3,status=425
          store.put:drop_after=65536  store.put:latency=0.2  store:expire_urls"""

_ROUTE_PATTERN = re.compile(r"^(\*|[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*)$")


class FaultSpecError(ValueError):
    """A fault spec (command-line syntax) that cannot be parsed; the message says what is accepted."""


@attrs.frozen
class FailResponse:
    """The response a failed request gets. `body=None` lets the server render its own error
    shape for the status (S3 XML for the store, the vendor's error body for a stand-in)."""

    status: int
    body: bytes | None = None
    content_type: str | None = None
    retry_after: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class FailRequests:
    route: str
    times: int
    response: FailResponse


@attrs.frozen
class AddLatency:
    route: str
    seconds: float
    times: int | None = None  # None: every request from now on


@attrs.frozen
class DropConnection:
    route: str
    after_bytes: int
    times: int = 1


@attrs.frozen
class ExpireUrls:
    route: str
    times: int | None = None  # None: every request from now on


Fault = FailRequests | AddLatency | DropConnection | ExpireUrls


@attrs.frozen
class FaultAction:
    """What to do to one request. The default action leaves the request alone."""

    delay: float = 0.0
    fail: FailResponse | None = None
    drop_after: int | None = None
    expire_url: bool = False

    @property
    def is_noop(self) -> bool:
        return self == FaultAction()


@attrs.define
class _Pending:
    fault: Fault
    remaining: int | None  # None: unlimited


class FaultPlan:
    """The faults still to inject. Thread-safe; every method may be called from any thread.

    Faults of one kind for the same request are used in the order they were added: after
    `fail_next("store.put", 2, status=503)` and `fail_next("store.put", 1, status=425)` the
    next PUTs get 503, 503, 425. A request can be delayed and then failed; a failed request is
    never also dropped.
    """

    def __init__(self, faults: Iterable[Fault] = ()) -> None:
        self._lock = threading.Lock()
        self._pending: list[_Pending] = []
        self._known_routes: frozenset[str] | None = None  # None: any route (a plan on its own)
        for fault in faults:
            self.add(fault)

    def restrict_to(self, routes: Iterable[str]) -> None:
        """Refuse, from now on and for the faults already added, a route that covers none of
        `routes` (the requests the servers using this plan can see): a fault for a misspelt
        route would otherwise wait forever and never fire. Raises FaultSpecError."""
        known = frozenset(routes)
        with self._lock:
            for pending in self._pending:
                _check_known(pending.fault.route, known)
            self._known_routes = known

    @property
    def known_routes(self) -> frozenset[str] | None:
        return self._known_routes

    @classmethod
    def from_specs(cls, specs: Iterable[str]) -> FaultPlan:
        return cls(parse_fault_spec(spec) for spec in specs)

    def add(self, fault: Fault) -> None:
        _check_route(fault.route)
        remaining: int | None = fault.times
        if remaining is not None:
            _check_times(remaining)
        with self._lock:
            if self._known_routes is not None:
                _check_known(fault.route, self._known_routes)
            self._pending.append(_Pending(fault, remaining))

    def add_spec(self, spec: str) -> None:
        self.add(parse_fault_spec(spec))

    def fail_next(
        self,
        route: str,
        times: int = 1,
        *,
        status: int,
        retry_after: float | str | None = None,
        body: bytes | str | None = None,
        content_type: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Answer the next `times` requests to `route` with `status` (and optional Retry-After)."""
        _check_times(times)
        _check_status(status)
        self.add(
            FailRequests(
                route,
                times,
                FailResponse(
                    status=status,
                    body=body.encode() if isinstance(body, str) else body,
                    content_type=content_type,
                    retry_after=_retry_after_text(retry_after),
                    headers=tuple((headers or {}).items()),
                ),
            )
        )

    def add_latency(self, route: str, seconds: float, *, times: int | None = None) -> None:
        """Delay the next `times` requests to `route` (every request when `times` is None)."""
        if not (math.isfinite(seconds) and seconds >= 0):
            raise ValueError(f"latency {seconds!r}: accepted is a finite number of seconds >= 0")
        if times is not None:
            _check_times(times)
        self.add(AddLatency(route, seconds, times))

    def drop_connection(self, route: str, *, after_bytes: int, times: int = 1) -> None:
        """Close the connection once `after_bytes` of the request body arrived (or the body
        ended sooner), without any response: the client sees a transport error."""
        if after_bytes < 0:
            raise ValueError(f"after_bytes={after_bytes}: accepted is a byte count >= 0")
        _check_times(times)
        self.add(DropConnection(route, after_bytes, times))

    def expire_urls(self, route: str = "store", *, times: int | None = None) -> None:
        """Make the store treat presigned URLs as expired, however fresh they are."""
        if times is not None:
            _check_times(times)
        self.add(ExpireUrls(route, times))

    def clear(self, route: str | None = None) -> None:
        """Forget every pending fault, or those registered for `route` and the routes below it."""
        with self._lock:
            self._pending = [
                p for p in self._pending if route is not None and not _covers(route, p.fault.route)
            ]

    def pending(self) -> list[tuple[Fault, int | None]]:
        """The faults still armed, each with how many requests it still applies to (None: all)."""
        with self._lock:
            return [(p.fault, p.remaining) for p in self._pending]

    def take(self, route: str) -> FaultAction:
        """Consume and return what to do to one request to `route`."""
        with self._lock:
            latency = self._consume(route, AddLatency)
            fail = self._consume(route, FailRequests)
            drop = None if fail is not None else self._consume(route, DropConnection)
            expire = self._consume(route, ExpireUrls)
        return FaultAction(
            delay=latency.seconds if isinstance(latency, AddLatency) else 0.0,
            fail=fail.response if isinstance(fail, FailRequests) else None,
            drop_after=drop.after_bytes if isinstance(drop, DropConnection) else None,
            expire_url=expire is not None,
        )

    def _consume(self, route: str, kind: type[Fault]) -> Fault | None:
        for index, pending in enumerate(self._pending):
            if isinstance(pending.fault, kind) and _covers(pending.fault.route, route):
                if pending.remaining is not None:
                    pending.remaining -= 1
                    if pending.remaining == 0:
                        del self._pending[index]
                return pending.fault
        return None


def parse_fault_spec(spec: str) -> Fault:
    """Parse one command-line fault spec, e.g. `store.put:fail=2,status=503,retry_after=1`."""
    route, colon, rest = spec.strip().partition(":")
    if not colon or not rest:
        raise _spec_error(spec, "expected ROUTE:KNOB")
    if not _ROUTE_PATTERN.match(route):
        raise _spec_error(spec, f"route {route!r} is not a dotted name (letters, digits, _ and -) or *")
    items = [item.strip() for item in rest.split(",")]
    knob, _, knob_value = items[0].partition("=")
    options: dict[str, str] = {}
    for item in items[1:]:
        name, equals, value = item.partition("=")
        if not equals or not name:
            raise _spec_error(spec, f"option {item!r} is not NAME=VALUE")
        if name in options:
            raise _spec_error(spec, f"option {name!r} is given twice")
        options[name] = value

    def allow(*names: str) -> None:
        unknown = sorted(set(options) - set(names))
        if unknown:
            accepted = ", ".join(names) if names else "no options"
            raise _spec_error(spec, f"{knob} does not take {', '.join(unknown)}; it accepts {accepted}")

    def times(default: int | None) -> int | None:
        if "times" not in options:
            return default
        return _spec_int(spec, "times", options["times"], minimum=1)

    if knob == "fail":
        allow("status", "retry_after")
        if "status" not in options:
            raise _spec_error(spec, "fail=N needs status=S (400-599)")
        status = _spec_int(spec, "status", options["status"], minimum=400)
        if status > 599:
            raise _spec_error(spec, f"status={status}: accepted is 400-599")
        retry_after = options.get("retry_after")
        if retry_after is not None:
            _spec_seconds(spec, "retry_after", retry_after)
        return FailRequests(
            route,
            _spec_int(spec, "fail", knob_value, minimum=1),
            FailResponse(status=status, retry_after=retry_after),
        )
    if knob == "latency":
        allow("times")
        return AddLatency(route, _spec_seconds(spec, "latency", knob_value), times(None))
    if knob == "drop_after":
        allow("times")
        after = _spec_int(spec, "drop_after", knob_value, minimum=0)
        return DropConnection(route, after, times(1) or 1)
    if knob == "expire_urls":
        if knob_value:
            raise _spec_error(spec, "expire_urls takes no value; use expire_urls,times=N to limit it")
        allow("times")
        return ExpireUrls(route, times(None))
    raise _spec_error(spec, f"unknown knob {knob!r}")


def _spec_error(spec: str, problem: str) -> FaultSpecError:
    return FaultSpecError(f"fault spec {spec!r}: {problem}.\n{FAULT_SPEC_HELP}")


def _spec_int(spec: str, name: str, text: str, *, minimum: int) -> int:
    if not text.isdigit() or int(text) < minimum:
        raise _spec_error(spec, f"{name}={text!r}: accepted is a whole number >= {minimum}")
    return int(text)


def _spec_seconds(spec: str, name: str, text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds >= 0):
        raise _spec_error(spec, f"{name}={text!r}: accepted is a number of seconds >= 0")
    return seconds


def _covers(fault_route: str, route: str) -> bool:
    return fault_route in ("*", route) or route.startswith(fault_route + ".")


def _check_route(route: str) -> None:
    if not _ROUTE_PATTERN.match(route):
        raise ValueError(
            f"route {route!r}: accepted is a dotted name of letters, digits, _ and - "
            "(e.g. store.put, loops.completeUpload) or *"
        )


def _check_known(route: str, known: frozenset[str]) -> None:
    if not any(_covers(route, candidate) for candidate in known):
        raise FaultSpecError(
            f"route {route!r} matches no request the sandbox serves, so the fault would never "
            f"fire; known routes: {', '.join(sorted(known))} (or a prefix of them such as "
            "store or loops, or *)"
        )


def _check_times(times: int) -> None:
    if times < 1:
        raise ValueError(f"times={times}: accepted is a count >= 1")


def _check_status(status: int) -> None:
    if not 400 <= status <= 599:
        raise ValueError(f"status={status}: accepted is an error status, 400-599")


def _retry_after_text(retry_after: float | str | None) -> str | None:
    if retry_after is None or isinstance(retry_after, str):
        return retry_after
    if not (math.isfinite(retry_after) and retry_after >= 0):
        raise ValueError(f"retry_after={retry_after!r}: accepted is seconds >= 0 or an HTTP-date")
    return str(int(retry_after)) if float(retry_after).is_integer() else str(retry_after)
