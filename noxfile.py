"""Developer and CI entry points. Thin by design: each session calls into `generator` or pytest."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "typecheck", "drift", "tests"]
nox.options.reuse_existing_virtualenvs = True
# A session whose interpreter is missing fails instead of being skipped with exit status 0: a
# check that silently does nothing reads as a check that passed.
nox.options.error_on_missing_interpreters = True

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHON = "3.11"
S3_PYTHON = "3.13"  # LocalStack's S3 needs it


def find_python(version: str) -> str:
    """The path of a working Python `version`, or `version` itself when there is none (nox then
    reports it missing, and the session that asked fails: see `s3`).

    nox's own discovery looks on PATH only, where pyenv puts shims that exist for every installed
    version but fail unless that version is selected; so each candidate is run for real, pyenv's
    own installs first."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    installed = sorted(pyenv_root.glob(f"versions/{version}*/bin/python{version}"), reverse=True)
    for candidate in [*map(str, installed), shutil.which(f"python{version}")]:
        if candidate is None:
            continue
        check = f"import sys; assert sys.version_info[:2] == {tuple(map(int, version.split('.')))}"
        try:
            subprocess.run([candidate, "-c", check], check=True, capture_output=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            continue
        return candidate
    return version


def install_groups(session: nox.Session, *groups: str, extras: str = "") -> None:
    requirements: list[str] = []
    for group in groups:
        requirements += nox.project.dependency_groups(PYPROJECT, group)
    if requirements:
        session.install(*requirements)
    session.install("-e", f".{extras}")


@nox.session(python=PYTHON)
def generate(session: nox.Session) -> None:
    """Regenerate the clients whose spec, overlays or tools changed (`-- --force` for all)."""
    install_groups(session, "generate", "typecheck")
    session.run("python", "-m", "generator", "generate", *session.posargs)


@nox.session(python=PYTHON)
def drift(session: nox.Session) -> None:
    """Fail with a diff if a from-scratch regeneration differs from the committed generated/."""
    install_groups(session, "generate", "typecheck")
    session.run("python", "-m", "generator", "drift")


@nox.session(python=PYTHON)
def fetch(session: nox.Session) -> None:
    """Refresh each vendor's spec from the URL in its source.toml (needs the network)."""
    install_groups(session, "generate")
    session.run("python", "-m", "generator", "fetch", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    install_groups(session, "generate")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", "--exclude", "generated", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on everything: generator, generated clients, facade, tests."""
    install_groups(session, "dev", extras="[sandbox]")
    # mypy_path = "generated" (pyproject.toml) maps generated/presignkit_x to the module presignkit_x.
    session.run("mypy", "generator", "presignkit", "tests", "devtools", "bench", "noxfile.py", "generated")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    install_groups(session, "dev", extras="[sandbox]")
    # One worker per core, a test file's tests on one worker (their module fixtures are shared):
    # 4.5 min instead of 11 on 2 cores, since most tests wait on a server or a subprocess.
    session.run("pytest", "-n", "auto", "--dist", "loadfile", *session.posargs)


@nox.session(python=PYTHON)
def diff(session: nox.Session) -> None:
    """Classify spec and Python API changes since the last release (`-- --base REF` for another ref)."""
    install_groups(session, "generate", "release")
    session.run("python", "-m", "generator.release", "diff", *session.posargs)


@nox.session(python=PYTHON)
def release(session: nox.Session) -> None:
    """Version, changelog, build, verify, upload to PRESIGNKIT_INDEX_URL and tag (`-- --dry-run`,
    `-- --publish-head` for a merged release commit)."""
    # [cli]: verifying the wheel imports every module, presignkit.cli (click) included.
    install_groups(session, "generate", "release", extras="[cli]")
    session.run("python", "-m", "generator.release", "release", *session.posargs)


@nox.session(python=PYTHON)
def refresh(session: nox.Session) -> None:
    """Fetch -> validate -> regenerate -> diff -> changelog -> version -> build -> verify
    (`-- --mode test|pr|direct`; PRESIGNKIT_SPEC_URL_<VENDOR> points a vendor elsewhere)."""
    # typecheck: regeneration checks the new clients with mypy --strict before swapping them in.
    install_groups(session, "generate", "typecheck", "release", extras="[cli]")  # [cli]: as release
    session.run("python", "-m", "generator.release", "refresh", *session.posargs)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the reference site into build/docs-site, --strict; `-- --check` opens it in headless Chromium."""
    install_groups(session, "docs")
    # Material 9.7+ prints an end-of-life banner on every build; mkdocs.yml records the decision.
    env = {"NO_MKDOCS_2_WARNING": "1"}
    # `python -m` puts the working directory on sys.path, so docs/hooks.py can import devtools.docsite.
    session.run("python", "-m", "mkdocs", "build", "--strict", env=env)
    if "--check" in session.posargs:
        checks = [arg for arg in session.posargs if arg != "--check"]
        session.run("python", "-m", "devtools.docsite.browser_check", "build/docs-site", *checks)


@nox.session(python=find_python(S3_PYTHON))
def s3(session: nox.Session) -> None:
    """Same presigned-PUT cases against LocalStack's S3 and our object store; fail on differing verdicts."""
    # Pins from shared research: newer cbor2 and pyOpenSSL break this LocalStack release.
    session.install("localstack-core[runtime]==2026.3.0", "cbor2<6", "pyopenssl<25")
    session.install("-e", ".[sandbox]")
    session.run("python", "-m", "devtools.localstack")


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """Start the sandbox and upload sample files to all four vendors through the CLI."""
    install_groups(session, extras="[sandbox]")
    session.run("python", "-m", "devtools.demo")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Throughput, memory, overhead and import-time ratios; writes bench/RESULTS.md (`-- --quick`)."""
    install_groups(session, "bench", extras="[sandbox]")
    session.run("python", "-m", "bench", *session.posargs)
