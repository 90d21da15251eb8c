"""Every vendor's table rows together."""

from __future__ import annotations

from typing import Any

from tests.generated.cases import flare, loops, scripe, streamloop
from tests.generated.table import AnyEndpoint, Vendor

VENDORS: list[Vendor[Any]] = [streamloop.VENDOR, loops.VENDOR, flare.VENDOR, scripe.VENDOR]
ENDPOINTS: list[AnyEndpoint] = [*streamloop.ENDPOINTS, *loops.ENDPOINTS, *flare.ENDPOINTS, *scripe.ENDPOINTS]
