"""The sandbox as a user gets it: build the wheel, install it into a fresh virtual environment
(offline), start its `presignkit sandbox` console script, read its `export` lines and drive a full
upload for every vendor with plain httpx; then interrupt it and expect exit status 0.

The fresh environment borrows this one's third-party packages through a .pth file: a directory
added by a .pth file is not a site directory, so this checkout's editable install (itself a .pth
in this environment's site-packages) is not picked up, and `presignkit` must come from the wheel.
"""

from __future__ import annotations

import os
import queue
import shlex
import signal
import subprocess
import sys
import sysconfig
import threading
import venv
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60.0


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("installed")
    offline = {
        **os.environ,
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(root / "dist"),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        env=offline,
        timeout=300,
    )
    (wheel,) = (root / "dist").glob("presignkit-*.whl")
    venv.create(root / "venv", with_pip=False)
    python = root / "venv" / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        env=offline,
        timeout=300,
    )
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site_packages) / "dev-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def test_wheel_is_what_gets_imported(fresh_python: Path, tmp_path: Path) -> None:
    found = subprocess.run(
        [str(fresh_python), "-c", "import presignkit, presignkit_loops; print(presignkit.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert Path(found).is_relative_to(fresh_python.parent.parent), found


@pytest.fixture
def running_command(
    fresh_python: Path, tmp_path: Path
) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    process = subprocess.Popen(
        [str(fresh_python.parent / "presignkit"), "sandbox"],  # the console script, as a user runs it
        cwd=tmp_path,  # never this checkout, whose presignkit/ would shadow the wheel
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield process, _read_exports(process.stdout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _read_exports(stdout: IO[str]) -> dict[str, str]:
    """The `export` lines, read until the line announcing the store (the last one printed)."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:  # a reader thread, so a silent process fails the test instead of hanging it
        for line in stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    exports: dict[str, str] = {}
    while True:
        line = lines.get(timeout=STARTUP_TIMEOUT)
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").strip().partition("=")
            exports[name] = shlex.split(value)[0]
        if line.startswith("# object store"):
            return exports


def test_installed_command_serves_every_vendor(
    running_command: tuple[subprocess.Popen[str], dict[str, str]],
) -> None:
    process, env = running_command
    with httpx.Client(timeout=30) as client:
        _loops(client, env)
        _streamloop(client, env)
        _flare(client, env)
        _scripe(client, env)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0


def _loops(client: httpx.Client, env: dict[str, str]) -> None:
    base, auth = env["LOOPS_BASE_URL"], {"Authorization": f"Bearer {env['LOOPS_API_KEY']}"}
    data = b"GIF89a" + b"\x00" * 10
    created = client.post(
        f"{base}/v1/uploads", json={"contentType": "image/gif", "contentLength": len(data)}, headers=auth
    )
    assert client.put(
        created.json()["presignedUrl"], content=data, headers={"Content-Type": "image/gif"}
    ).is_success
    done = client.post(f"{base}/v1/uploads/{created.json()['emailAssetId']}/complete", headers=auth)
    assert client.get(done.json()["finalUrl"]).content == data


def _streamloop(client: httpx.Client, env: dict[str, str]) -> None:
    base = env["STREAMLOOP_BASE_URL"]
    auth = {"X-API-Key": env["STREAMLOOP_API_KEY"], "X-Workspace-Id": env["STREAMLOOP_WORKSPACE_ID"]}
    created = client.post(
        f"{base}/uploads", json={"mimeType": "audio/mpeg", "name": "a.mp3", "type": "audio"}, headers=auth
    )
    upload_id = created.json()["id"]
    url = client.post(f"{base}/uploads/{upload_id}/upload-url", headers=auth).json()
    assert client.put(url, content=b"mp3", headers={"Content-Type": "audio/mpeg"}).is_success
    assert client.post(f"{base}/uploads/{upload_id}/complete", headers=auth).json()["uploaded"] is True


def _flare(client: httpx.Client, env: dict[str, str]) -> None:
    base, auth = env["FLARE_BASE_URL"], {"Authorization": f"Bearer {env['FLARE_API_TOKEN']}"}
    video_id = client.post(f"{base}/api/video/create", json={"fileName": "v.webm"}, headers=auth).json()[
        "video"
    ]["id"]
    plan = client.post(
        f"{base}/api/video/upload/presign", json={"videoId": video_id, "fileName": "v.webm"}, headers=auth
    ).json()
    assert client.request(
        plan["method"], plan["uploadUrl"], content=b"webm", headers=plan["headers"]
    ).is_success
    assert client.get(plan["publicUrl"]).content == b"webm"


def _scripe(client: httpx.Client, env: dict[str, str]) -> None:
    base, auth = env["SCRIPE_BASE_URL"], {"Authorization": f"Bearer {env['SCRIPE_API_KEY']}"}
    data = client.post(f"{base}/uploads", json={"contentType": "text/plain"}, headers=auth).json()["data"]
    assert client.put(data["uploadUrl"], content=b"hello", headers={"Content-Type": "text/plain"}).is_success
    job = client.post(f"{base}/sources", json={"type": "file", "uploadId": data["id"]}, headers=auth).json()[
        "data"
    ]
    done = client.get(
        f"{base}/jobs/{job['id']}", params={"wait_for_completion_ms": 1000}, headers=auth
    ).json()["data"]
    assert done["status"] == "DONE"
