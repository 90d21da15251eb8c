"""Where the pipeline's inputs and outputs live, so every step takes paths instead of guessing."""

from __future__ import annotations

from pathlib import Path

import attrs

VENDORS: tuple[str, ...] = ("streamloop", "loops", "flare", "scripe")


def package_name(vendor: str) -> str:
    return f"presignkit_{vendor}"


@attrs.frozen
class Layout:
    """The repository's pipeline folders; tests point one at a scratch copy."""

    root: Path
    generated_dir: Path

    @classmethod
    def at(cls, root: Path, *, generated_dir: Path | None = None) -> Layout:
        return cls(root=root, generated_dir=generated_dir or root / "generated")

    @property
    def specs_dir(self) -> Path:
        return self.root / "specs"

    @property
    def overlays_dir(self) -> Path:
        return self.root / "overlays"

    @property
    def lock_path(self) -> Path:
        return self.generated_dir / "generation.lock.json"

    @property
    def pyproject(self) -> Path:
        return self.root / "pyproject.toml"

    def spec_path(self, vendor: str) -> Path:
        return self.specs_dir / vendor / "openapi.yaml"

    def source_path(self, vendor: str) -> Path:
        return self.specs_dir / vendor / "source.toml"

    def overlay_paths(self, vendor: str) -> list[Path]:
        """Overlay documents in the order they apply: file-name order (NN- prefixes)."""
        folder = self.overlays_dir / vendor
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"})

    def package_dir(self, vendor: str) -> Path:
        return self.generated_dir / package_name(vendor)

    def vendors(self) -> list[str]:
        """Vendors with a spec, in the canonical order first, then any new ones alphabetically."""
        present = {p.parent.name for p in self.specs_dir.glob("*/openapi.yaml")}
        known = [v for v in VENDORS if v in present]
        return known + sorted(present - set(VENDORS))
