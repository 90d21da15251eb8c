"""pytest plugin (entry point `pytest11`: presignkit): the `presignkit_sandbox` fixture.

    def test_upload(presignkit_sandbox, monkeypatch):
        for name, value in presignkit_sandbox.env().items():
            monkeypatch.setenv(name, value)
        ...

The plugin is loaded into every pytest run once presignkit is installed, so it imports the
sandbox (an optional extra, and slow to import) only when a test asks for the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from presignkit.sandbox.sandbox import Sandbox


@pytest.fixture(scope="session")
def presignkit_sandbox_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The session's running sandbox, not reset between tests; use `presignkit_sandbox`."""
    try:
        from presignkit.sandbox.sandbox import Sandbox
    except ModuleNotFoundError as missing:
        pytest.fail(
            f"the presignkit_sandbox fixture needs the sandbox extra ({missing.name} is missing): "
            "pip install 'presignkit[sandbox]'",
            pytrace=False,
        )
    with Sandbox(spool_dir=tmp_path_factory.mktemp("presignkit-store")) as sandbox:
        yield sandbox


@pytest.fixture
def presignkit_sandbox(presignkit_sandbox_session: Sandbox) -> Sandbox:
    """A running `presignkit.sandbox.Sandbox`, shared by the session and reset before each test:
    no objects, assets, idempotency records, recorded requests or faults left from other tests."""
    presignkit_sandbox_session.reset()
    return presignkit_sandbox_session
