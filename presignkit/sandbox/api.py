"""The one ASGI app serving every vendor stand-in, each under the path of its `servers` URL."""

from __future__ import annotations

import importlib

from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send

from presignkit.sandbox.fault_plan import FaultPlan
from presignkit.sandbox.objectstore import ObjectStore
from presignkit.sandbox.recording import RecordedRequest, RecordRequests, RequestLog
from presignkit.sandbox.vendors.base import VendorStandIn
from presignkit.vendors.registry import entries


def stand_in_types() -> dict[str, type[VendorStandIn]]:
    """Each registered vendor's stand-in (the `STAND_IN` of its module), in registry order."""
    types: dict[str, type[VendorStandIn]] = {}
    for entry in entries():
        stand_in: type[VendorStandIn] = importlib.import_module(entry.stand_in_module).STAND_IN
        types[entry.name] = stand_in
    return types


class _ByPrefix:
    """Hands each request to the stand-in whose mount its path starts with.

    Not Starlette's `Mount`: its route pattern does not match paths holding a newline (`%0A`),
    which then got Starlette's plain-text 404 instead of the vendor's own error shape.
    """

    def __init__(self, stand_ins: list[VendorStandIn]) -> None:
        self._stand_ins = stand_ins
        self._fallback = Starlette()  # plain 404 outside every vendor's base path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            for stand_in in self._stand_ins:
                if path == stand_in.mount or path.startswith(stand_in.mount + "/"):
                    scope = {**scope, "root_path": scope.get("root_path", "") + stand_in.mount}
                    await stand_in.app(scope, receive, send)
                    return
        await self._fallback(scope, receive, send)


class SandboxApi:
    """The stand-ins of all vendors, sharing one object store and one fault plan."""

    def __init__(self, store: ObjectStore, faults: FaultPlan) -> None:
        self.stand_ins: dict[str, VendorStandIn] = {
            name: cls(store, faults) for name, cls in stand_in_types().items()
        }
        self._log = RequestLog()
        self.app: ASGIApp = RecordRequests(_ByPrefix(list(self.stand_ins.values())), self._log)

    def stand_in(self, vendor: str) -> VendorStandIn:
        try:
            return self.stand_ins[vendor]
        except KeyError:
            raise ValueError(f"unknown vendor {vendor!r}; accepted: {', '.join(self.stand_ins)}") from None

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request the stand-ins received, oldest first."""
        return self._log.snapshot()

    def reset(self) -> None:
        """Forget every stand-in's records, idempotency records and recorded requests."""
        for stand_in in self.stand_ins.values():
            stand_in.reset()
        self._log.clear()
