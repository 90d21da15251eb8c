"""The README's "Typed clients" examples: one per vendor, each passing `mypy --strict` and run
against the sandbox as a user would run it (keys and base URLs from the environment)."""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from presignkit.sandbox import Sandbox
from presignkit.vendors.registry import settings_types, vendor_names

ROOT = Path(__file__).resolve().parents[2]
HEADING = "## Typed clients"


def readme_examples() -> dict[str, str]:
    """The section's python blocks, by the vendor whose generated package each one imports."""
    readme = (ROOT / "README.md").read_text()
    start = readme.index(f"\n{HEADING}\n")  # the docs site pulls the section by this heading
    end = readme.find("\n## ", start + 1)
    section = readme[start : end if end != -1 else None]
    examples: dict[str, str] = {}
    for block in re.findall(r"```python\n(.*?)```", section, flags=re.S):
        [vendor] = set(re.findall(r"presignkit_(\w+)\.", block))
        assert vendor not in examples, f"two examples for {vendor}"
        examples[vendor] = block
    return examples


EXAMPLES = readme_examples()

# What each example prints when it ran to the end against the sandbox: the error status it
# handles, parsed into the vendor's error model.
EXPECTED = {
    "streamloop": r"getUpload: 404 NOT_FOUND ",
    "loops": r"completeUpload: 404 Upload not found",
    "flare": r"presignVideoUpload: 404 not_found ",
    "scripe": r"getJob: 404 not_found .* req_\w+",
}


def test_there_is_one_example_per_vendor() -> None:
    assert sorted(EXAMPLES) == sorted(vendor_names())


@pytest.fixture(scope="module")
def example_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("readme")
    files = {}
    for vendor, code in EXAMPLES.items():
        files[vendor] = folder / f"readme_typed_{vendor}.py"
        files[vendor].write_text(code)
    return files


def test_the_examples_pass_mypy_strict(example_files: dict[str, Path], tmp_path: Path) -> None:
    # From the repository root, so that pyproject.toml's mypy settings (strict, the generated
    # packages' path) apply exactly as in `nox -s typecheck`.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            *map(str, example_files.values()),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("vendor", sorted(EXAMPLES))
def test_each_example_runs_against_the_sandbox(
    vendor: str,
    example_files: dict[str, Path],
    presignkit_sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for settings in settings_types().values():  # nothing from the developer's shell
        for name in settings.env_vars():
            monkeypatch.delenv(name, raising=False)
    for name, value in presignkit_sandbox.env().items():
        monkeypatch.setenv(name, value)

    runpy.run_path(str(example_files[vendor]), run_name="__main__")

    printed = capsys.readouterr().out
    assert re.search(EXPECTED[vendor], printed), printed
    [asset] = presignkit_sandbox.assets(vendor)  # the one create, even where it was sent twice
    assert asset in printed
    if vendor == "scripe":  # the same key twice: the second answer is the first one replayed
        assert re.findall(r"upload (\S+) replayed: (\w+)", printed) == [(asset, "false"), (asset, "true")]
