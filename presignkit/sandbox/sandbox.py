"""`Sandbox`: the object store and every vendor stand-in, served on 127.0.0.1 for a block.

with Sandbox() as sandbox:
    os.environ.update(sandbox.env())
    ...
"""

from __future__ import annotations

import os
from types import TracebackType

from presignkit.sandbox.api import SandboxApi
from presignkit.sandbox.fault_plan import FaultPlan
from presignkit.sandbox.objectstore import FAULT_ROUTES, ObjectStore
from presignkit.sandbox.recording import RecordedRequest
from presignkit.sandbox.serving import ServerThread
from presignkit.vendors.registry import settings_types


class Sandbox:
    """Two servers on free ports (or the ports given): the stand-ins' API and the object store,
    which has its own origin as the vendors' storage hosts do. One `FaultPlan` drives both."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        api_port: int = 0,
        store_port: int = 0,
        faults: FaultPlan | None = None,
        spool_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.faults = faults if faults is not None else FaultPlan()
        self.store = ObjectStore(spool_dir, faults=self.faults)
        self.api = SandboxApi(self.store, self.faults)
        self.faults.restrict_to(self.fault_routes)
        self._store_server = ServerThread(self.store.app, host=host, port=store_port)
        self._api_server = ServerThread(self.api.app, host=host, port=api_port)
        self._running = False

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> Sandbox:
        if self._running:
            raise RuntimeError("this Sandbox is already running")
        self.store.base_url = self._store_server.start()
        try:
            self._api_server.start()
        except BaseException:
            self._store_server.stop()
            raise
        self._running = True
        return self

    def stop(self) -> None:
        """Stop both servers and remove the store's spool directory; safe to call twice."""
        self._api_server.stop()
        self._store_server.stop()
        self.store.close()
        self._running = False

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- where things are ----------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        """http://127.0.0.1:PORT of the stand-ins' server."""
        return self._api_server.base_url

    @property
    def store_url(self) -> str:
        return self._store_server.base_url

    def base_url(self, vendor: str) -> str:
        """The vendor's base URL, for its generated client or the facade's `base_url`."""
        return self.api_url + self.api.stand_in(vendor).mount

    def credentials(self, vendor: str) -> dict[str, str]:
        """The vendor's working example credentials, named as in `env()`."""
        return self.api.stand_in(vendor).credentials()

    def alternative_credentials(self, vendor: str) -> dict[str, str]:
        """Other working credentials the vendor accepts instead of `credentials()` (e.g.
        Streamloop's OAuth token, STREAMLOOP_ACCESS_TOKEN), named as the facade reads them."""
        return self.api.stand_in(vendor).alternative_credentials()

    def env(self) -> dict[str, str]:
        """Every variable the facade reads: each vendor's credentials and `<VENDOR>_BASE_URL`."""
        variables: dict[str, str] = {}
        base_url_env = {name: settings.base_url_env for name, settings in settings_types().items()}
        for vendor in self.api.stand_ins:
            variables.update(self.credentials(vendor))
            variables[base_url_env[vendor]] = self.base_url(vendor)
        return variables

    @property
    def fault_routes(self) -> list[str]:
        """Every route a fault can name: `store.put`, `store.get`, `store.head`, `store.other`
        and `<vendor>.<operationId>` for each operation of each stand-in."""
        operations = [
            f"{vendor}.{operation}"
            for vendor, stand_in in self.api.stand_ins.items()
            for operation in sorted(stand_in.operations.operation_ids)
        ]
        return [*FAULT_ROUTES, *operations]

    # -- what happened ---------------------------------------------------------------------------

    def assets(self, vendor: str) -> list[str]:
        """Ids of what the vendor's stand-in created (Streamloop uploads, Loops email assets,
        Flare videos, Scripe uploads), oldest first."""
        return self.api.stand_in(vendor).assets()

    @property
    def api_requests(self) -> list[RecordedRequest]:
        """Every request the stand-ins received, oldest first (the store's are `store.requests`)."""
        return self.api.requests

    def reset(self) -> None:
        """Forget objects, assets, idempotency records, recorded requests and every fault."""
        self.store.reset()
        self.api.reset()
        self.faults.clear()
