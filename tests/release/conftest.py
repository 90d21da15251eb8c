"""Real inputs for the release tests: the repository's effective specs, scratch git repositories
holding a copy of the package sources, and a password-protected local package index."""

from __future__ import annotations

import contextlib
import copy
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

with warnings.catch_warnings():
    # passlib imports the stdlib `crypt` module, deprecated since 3.11; it is not used for bcrypt/md5.
    warnings.simplefilter("ignore", DeprecationWarning)
    from passlib.apache import HtpasswdFile

REPO = Path(__file__).resolve().parents[2]
GENERATED = REPO / "generated"
# What the package is built from; specs/, overlays/ and generator/ are left out on purpose, as in
# the sdist, so a release never depends on them.
PACKAGE_SOURCES = ("pyproject.toml", "README.md", "CHANGELOG.md", ".gitignore", "presignkit", "generated")
# A folder whose path contains `generated` but is not the package: an unanchored sdist include
# ("generated") would ship it, as it did with the repository's own tests/generated/.
TESTS_SOURCES = ("tests/__init__.py", "tests/generated")
INDEX_USER, INDEX_PASSWORD = "release-bot", "s3cret-Pa55word"


def effective_spec(vendor: str) -> Any:
    """A fresh copy of the vendor's committed effective spec."""
    path = GENERATED / f"presignkit_{vendor}" / "openapi.json"
    if not path.is_file():
        pytest.fail(f"{path} is missing; run `nox -s generate` first")
    return copy.deepcopy(json.loads(path.read_text(encoding="utf-8")))


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return result.stdout


def make_scratch_repo(root: Path, *, tag: bool = True) -> Path:
    """A git repository with the package sources (and a tests/ folder) committed and tagged v0.1.0."""
    root.mkdir(parents=True)
    for name in PACKAGE_SOURCES + TESTS_SOURCES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, root / name)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", "Release Test")
    git(root, "config", "user.email", "release-test@example.invalid")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "presignkit 0.1.0")
    if tag:
        git(root, "tag", "v0.1.0")
    return root


def add_feature(root: Path) -> None:
    """A spec-level feature (a new optional query parameter) and a code change, committed."""
    spec_path = root / "generated" / "presignkit_scripe" / "openapi.json"
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    spec["paths"]["/jobs/{jobId}"]["get"]["parameters"].append(
        {"name": "verbose", "in": "query", "required": False, "schema": {"type": "boolean"}}
    )
    spec_path.write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")
    probe = root / "generated" / "presignkit_scripe" / "api" / "jobs" / "release_probe.py"
    probe.write_text('def probe() -> str:\n    return "shipped in 0.1.1"\n', encoding="utf-8")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "scripe: verbose job reads")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@attrs.frozen
class LocalIndex:
    port: int
    packages: Path

    @property
    def upload_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def simple_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/simple/"

    def environ(self, password: str = INDEX_PASSWORD) -> dict[str, str]:
        return {
            "PRESIGNKIT_INDEX_URL": self.upload_url,
            "PRESIGNKIT_INDEX_USERNAME": INDEX_USER,
            "PRESIGNKIT_INDEX_PASSWORD": password,
        }


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def local_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalIndex]:
    """pypiserver on 127.0.0.1: uploads need the htpasswd user, no fallback to any public index."""
    with running_index(tmp_path_factory.mktemp("index")) as index:
        yield index


@contextlib.contextmanager
def running_index(home: Path) -> Iterator[LocalIndex]:
    """A pypiserver serving an empty folder under `home`, stopped on exit."""
    packages = home / "packages"
    packages.mkdir()
    htpasswd = HtpasswdFile(str(home / "htpasswd"), new=True)
    htpasswd.set_password(INDEX_USER, INDEX_PASSWORD)
    htpasswd.save()
    index = LocalIndex(port=free_port(), packages=packages)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "pypi-server"), "run", "-i", "127.0.0.1", "-p", str(index.port),
         "-a", "update", "-P", str(home / "htpasswd"), "--disable-fallback", str(packages)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        # Poll until it answers; the deadline only stops a hung start from hanging the suite.
        deadline = time.monotonic() + 60
        while not _answers(index.simple_url):
            if server.poll() is not None:
                stderr = server.stderr.read().decode() if server.stderr else ""
                pytest.fail(f"pypi-server exited with {server.returncode}: {stderr}")
            if time.monotonic() > deadline:
                pytest.fail("pypi-server did not answer within 60 s")
            time.sleep(0.1)
        yield index
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
