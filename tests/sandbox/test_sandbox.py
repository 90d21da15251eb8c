"""The Sandbox runner, the pytest plugin and the command's argument handling."""

# Test parameters named after the plugin fixtures imported below count as redefinitions.
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from presignkit.sandbox.command import sandbox_command
from presignkit.sandbox.sandbox import Sandbox

# The plugin's fixtures, until the pytest11 entry point registers them for the whole session.

ENV_NAMES = {
    "STREAMLOOP_API_KEY", "STREAMLOOP_WORKSPACE_ID", "STREAMLOOP_BASE_URL",
    "LOOPS_API_KEY", "LOOPS_BASE_URL", "FLARE_API_TOKEN", "FLARE_BASE_URL",
    "SCRIPE_API_KEY", "SCRIPE_BASE_URL",
}  # fmt: skip


def test_env_names_and_base_urls(presignkit_sandbox: Sandbox) -> None:
    env = presignkit_sandbox.env()
    assert set(env) == ENV_NAMES
    api = presignkit_sandbox.api_url
    assert api.startswith("http://127.0.0.1:")
    assert env["STREAMLOOP_BASE_URL"] == f"{api}/streamloop/v1"
    assert env["LOOPS_BASE_URL"] == f"{api}/loops/api"
    assert env["FLARE_BASE_URL"] == f"{api}/flare"
    assert env["SCRIPE_BASE_URL"] == f"{api}/scripe/v1"
    assert presignkit_sandbox.store.base_url != api  # the store has its own origin
    assert presignkit_sandbox.credentials("flare") == {"FLARE_API_TOKEN": env["FLARE_API_TOKEN"]}
    assert env["FLARE_API_TOKEN"].startswith("flr_pat_")
    assert env["SCRIPE_API_KEY"].startswith(("scripe_sk_live_", "scripe_sk_test_"))
    assert env["STREAMLOOP_API_KEY"].startswith("sl_")


def test_unknown_vendor_names_the_accepted_ones(presignkit_sandbox: Sandbox) -> None:
    with pytest.raises(ValueError, match="streamloop, loops, flare, scripe"):
        presignkit_sandbox.base_url("dropbox")


def test_one_fault_plan_for_store_and_stand_ins(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    assert presignkit_sandbox.store.faults is presignkit_sandbox.faults
    presignkit_sandbox.faults.fail_next("*", 1, status=502)
    env = presignkit_sandbox.env()
    response = client.post(
        f"{env['FLARE_BASE_URL']}/api/video/create",
        json={"fileName": "a.mp4"},
        headers={"Authorization": f"Bearer {env['FLARE_API_TOKEN']}"},
    )
    assert response.status_code == 502
    presignkit_sandbox.faults.fail_next("store.put", 1, status=503)
    assert client.put(f"{presignkit_sandbox.store.base_url}/bucket-x/key", content=b"x").status_code == 503


def test_unknown_path_answers_in_the_vendor_shape(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    response = client.get(f"{presignkit_sandbox.base_url('scripe')}/nothing/here")
    assert response.status_code == 404
    assert "POST /uploads" in response.json()["error"]["message"]


def test_reset_forgets_assets_objects_idempotency_and_faults(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    env = presignkit_sandbox.env()
    headers = {"Authorization": f"Bearer {env['SCRIPE_API_KEY']}", "Idempotency-Key": "same"}
    first = client.post(
        f"{env['SCRIPE_BASE_URL']}/uploads", json={"contentType": "audio/mpeg"}, headers=headers
    )
    data = first.json()["data"]
    client.put(data["uploadUrl"], content=b"abc", headers={"Content-Type": "audio/mpeg"})
    presignkit_sandbox.faults.fail_next("loops", 5, status=500)
    assert presignkit_sandbox.assets("scripe") and presignkit_sandbox.store.objects()

    presignkit_sandbox.reset()

    assert presignkit_sandbox.assets("scripe") == []
    assert presignkit_sandbox.store.objects() == []
    assert presignkit_sandbox.faults.pending() == []
    assert presignkit_sandbox.api_requests == []
    again = client.post(
        f"{env['SCRIPE_BASE_URL']}/uploads", json={"contentType": "audio/mpeg"}, headers=headers
    )
    assert again.headers["idempotent-replayed"] == "false"
    assert again.json()["data"]["id"] != data["id"]


def test_stand_in_requests_are_recorded(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    client.post(f"{presignkit_sandbox.base_url('loops')}/v1/uploads", json={})
    (recorded,) = presignkit_sandbox.api_requests
    assert (recorded.method, recorded.path, recorded.status) == ("POST", "/loops/api/v1/uploads", 401)


def test_sandbox_stops_its_servers() -> None:
    with Sandbox() as sandbox:
        url = sandbox.api_url
        assert httpx.get(f"{url}/loops/api/v1/uploads").status_code == 405
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/loops/api/v1/uploads")


def test_command_rejects_a_bad_fault_spec() -> None:
    result = CliRunner().invoke(sandbox_command, ["--fault", "loops.createUpload:explode=1"])
    assert result.exit_code == 2
    assert "unknown knob 'explode'" in result.output


def test_plugin_fixture_is_reset_between_tests(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(
        textwrap.dedent(
            """
            import httpx

            def _create(sandbox):
                env = sandbox.env()
                return httpx.post(
                    env["FLARE_BASE_URL"] + "/api/video/create", json={"fileName": "a.mp4"},
                    headers={"Authorization": "Bearer " + env["FLARE_API_TOKEN"]},
                )

            def test_first(presignkit_sandbox):
                assert _create(presignkit_sandbox).status_code == 200
                presignkit_sandbox.faults.fail_next("flare", 1, status=500)
                assert len(presignkit_sandbox.assets("flare")) == 1

            def test_second(presignkit_sandbox):
                assert presignkit_sandbox.assets("flare") == []
                assert _create(presignkit_sandbox).status_code == 200
            """
        )
    )
    # Plugin autoloading off: faster (no schemathesis or hypothesis plugins), and `-p` then loads
    # ours whether or not the installed distribution registers it as an entry point.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "presignkit.testing",
            "-q",
            "-p",
            "no:cacheprovider",
            str(tmp_path),
        ],
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
