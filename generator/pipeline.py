"""`generate`: regenerate the vendors whose inputs changed, atomically.

Every changed vendor is generated into a staging folder beside `generated/` and checked there
(imports, `mypy --strict`); only when all of them pass are the packages and the lock swapped in.
Any failure leaves `generated/` byte-for-byte as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from .documents import write_atomically
from .effective import EffectiveSpec, build_effective_spec
from .layout import Layout
from .lock import (
    VendorEntry,
    VendorInputs,
    lock_text,
    read_lock,
    tree_sha256,
    vendor_inputs,
)
from .render import check_packages, render_package
from .tools import checked_versions

Log = Callable[[str], None]


@attrs.frozen
class Outcome:
    vendor: str
    regenerated: bool
    reason: str

    def describe(self) -> str:
        return f"{self.vendor}: {'regenerated' if self.regenerated else 'unchanged'} ({self.reason})"


def _why_changed(inputs: VendorInputs, entry: VendorEntry | None, output_sha256: str) -> str | None:
    """Why a vendor must be regenerated, or None when its committed client is current."""
    if entry is None:
        return "not in the lock"
    if output_sha256 == "":
        return "no generated package"
    changed = [
        name
        for name, old, new in [
            ("spec", entry.inputs.spec_sha256, inputs.spec_sha256),
            ("overlays", entry.inputs.overlays, inputs.overlays),
            ("client config", entry.inputs.config_sha256, inputs.config_sha256),
            ("tool versions", entry.inputs.tools, inputs.tools),
        ]
        if old != new
    ]
    if changed:
        return " and ".join(changed) + " changed"
    if entry.output_sha256 != output_sha256:
        return "generated package differs from the lock (edited by hand?)"
    return None


def generate(
    layout: Layout, *, vendors: Sequence[str] | None = None, force: bool = False, log: Log = print
) -> list[Outcome]:
    tools = checked_versions(layout.pyproject)
    lock = read_lock(layout.lock_path)
    outcomes: list[Outcome] = []
    pending: list[tuple[EffectiveSpec, VendorInputs]] = []
    for vendor in vendors or layout.vendors():
        if not layout.spec_path(vendor).is_file():
            raise ValueError(f"unknown vendor {vendor!r}; accepted: {', '.join(layout.vendors())}")
        inputs = vendor_inputs(layout, vendor, tools)
        reason = (
            "--force"
            if force
            else _why_changed(inputs, lock.get(vendor), tree_sha256(layout.package_dir(vendor)))
        )
        if reason is None:
            outcomes.append(Outcome(vendor, regenerated=False, reason="inputs and output match the lock"))
            continue
        pending.append((build_effective_spec(layout, vendor), inputs))
        outcomes.append(Outcome(vendor, regenerated=True, reason=reason))
    if pending:
        _regenerate(layout, pending, lock)
    for outcome in outcomes:
        log(outcome.describe())
    return outcomes


def _regenerate(
    layout: Layout, pending: list[tuple[EffectiveSpec, VendorInputs]], lock: dict[str, VendorEntry]
) -> None:
    layout.generated_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".generate-staging-", dir=layout.generated_dir.parent))
    try:
        fresh, previous = staging / "fresh", staging / "previous"
        fresh.mkdir()
        previous.mkdir()
        new_lock = dict(lock)
        for spec, _ in pending:
            render_package(spec, fresh / layout.package_dir(spec.vendor).name, staging / "work")
        check_packages(fresh, [spec.vendor for spec, _ in pending])
        for spec, inputs in pending:
            output = tree_sha256(fresh / layout.package_dir(spec.vendor).name)
            new_lock[spec.vendor] = VendorEntry(
                inputs=inputs, effective_sha256=spec.sha256, output_sha256=output
            )
        _swap_in(layout, [spec.vendor for spec, _ in pending], fresh, previous, lock_text(new_lock))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(layout: Layout, vendors: list[str], fresh: Path, previous: Path, new_lock: str) -> None:
    """Move the checked packages and the new lock into place; on any error, put everything back."""
    moved: list[tuple[Path, Path]] = []  # (from, to), in the order done
    try:
        for vendor in vendors:
            target = layout.package_dir(vendor)
            if target.exists():
                os.replace(target, previous / target.name)
                moved.append((target, previous / target.name))
            os.replace(fresh / target.name, target)
            moved.append((fresh / target.name, target))
        write_atomically(layout.lock_path, new_lock)
    except BaseException:
        for source, destination in reversed(moved):
            os.replace(destination, source)
        raise
