"""The one list of vendors. Every other view (names, settings classes, base URLs, environment
variables, secrets to scrub, the `presignkit vendors` table, the sandbox's stand-ins) is derived
from `REGISTERED`; a test checks that the pipeline's vendors and the wheel's packages agree.

A vendor's folders are found by convention from its name (`presignkit/vendors/<name>/`,
`presignkit/sandbox/vendors/<name>.py`); a vendor living elsewhere (the tests' own vendor) names
its modules. Vendor modules are imported on first use, so `import presignkit` stays cheap: the
`vendor` module of each folder holds only settings and facts; its `workflow` module, which loads
the generated client, is imported when an uploader is built.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import attrs

from presignkit.catalogue import VendorInfo, VendorSpec
from presignkit.errors import ValidationError
from presignkit.settings import VendorSettings

if TYPE_CHECKING:  # the adapters' module loads the engine: only on first use
    from presignkit.vendors.base import VendorAdapter


@attrs.frozen
class Registered:
    name: str
    package: str = ""  # default: presignkit.vendors.<name>
    stand_in: str = ""  # the sandbox stand-in's module; default: presignkit.sandbox.vendors.<name>

    @property
    def facade_package(self) -> str:
        return self.package or f"presignkit.vendors.{self.name}"

    @property
    def stand_in_module(self) -> str:
        return self.stand_in or f"presignkit.sandbox.vendors.{self.name}"


REGISTERED: tuple[Registered, ...] = (
    Registered("streamloop"),
    Registered("loops"),
    Registered("flare"),
    Registered("scripe"),
)


def entries() -> tuple[Registered, ...]:
    """The registered vendors, read at each call (a test may register one more)."""
    return REGISTERED


def vendor_names() -> tuple[str, ...]:
    return tuple(r.name for r in entries())


def registered(name: str) -> Registered:
    for entry in entries():
        if entry.name == name:
            return entry
    raise ValidationError(f"unknown vendor {name!r}; accepted is one of {', '.join(vendor_names())}")


def vendor_spec(name: str) -> VendorSpec:
    """What vendor `name` declares about itself; ValidationError for an unknown name."""
    module = importlib.import_module(f"{registered(name).facade_package}.vendor")
    spec: VendorSpec = module.VENDOR
    return spec


def vendor_specs() -> tuple[VendorSpec, ...]:
    return tuple(vendor_spec(name) for name in vendor_names())


def settings_types() -> dict[str, type[VendorSettings]]:
    return {spec.name: spec.settings for spec in vendor_specs()}


_FACTS: dict[str, VendorInfo] = {}  # by facade package: building facts may read a spec file


def vendor_info(name: str) -> VendorInfo:
    """Facts about vendor `name`; ValidationError for an unknown name."""
    package = registered(name).facade_package
    if package not in _FACTS:
        _FACTS[package] = vendor_spec(name).facts()
    return _FACTS[package]


def load_adapter(name: str) -> VendorAdapter:
    """The vendor's workflow adapter, importing it (and its generated client) on first use only."""
    module = importlib.import_module(f"{registered(name).facade_package}.workflow")
    adapter: VendorAdapter = module.ADAPTER
    return adapter
