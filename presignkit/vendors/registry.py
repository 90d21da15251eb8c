"""Find a vendor's adapter by name, importing it (and its generated client) on first use only."""

from __future__ import annotations

import importlib

from presignkit.errors import ValidationError
from presignkit.limits import VENDOR_NAMES
from presignkit.vendors.base import VendorAdapter


def load_adapter(name: str) -> VendorAdapter:
    if name not in VENDOR_NAMES:
        raise ValidationError(f"unknown vendor {name!r}; accepted is one of {', '.join(VENDOR_NAMES)}")
    module = importlib.import_module(f"presignkit.vendors.{name}")
    adapter: VendorAdapter = module.ADAPTER
    return adapter
