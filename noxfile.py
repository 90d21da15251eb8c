"""Developer and CI entry points. Thin by design: each session calls into `generator` or pytest."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "typecheck", "drift", "tests"]
nox.options.reuse_existing_virtualenvs = True

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHON = "3.11"


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
    session.run("pytest", *session.posargs)


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


@nox.session(python="3.13")
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
