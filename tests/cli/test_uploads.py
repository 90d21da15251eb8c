"""Real uploads through the command line against the sandbox: what it prints, what arrives."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from presignkit import cli
from presignkit.sandbox import Sandbox
from tests.cli.conftest import WIDE
from tests.digests import crc32c_of, sha256_of

SAMPLE = {"streamloop": "clip.mp4", "loops": "header.png", "flare": "teaser.mp4", "scripe": "intro.wav"}


@pytest.mark.parametrize("vendor", list(SAMPLE))
def test_json_record_matches_what_the_store_holds(
    runner: CliRunner, presignkit_sandbox: Sandbox, sample: Callable[[str], Path], vendor: str
) -> None:
    path = sample(SAMPLE[vendor])
    result = runner.invoke(
        cli.main, ["upload", str(path), "--vendor", vendor, "--json"], env=presignkit_sandbox.env()
    )
    assert result.exit_code == 0, result.output
    line, summary = result.stdout.splitlines()
    record = json.loads(line)
    assert json.loads(summary) == {
        "summary": {"files": 1, "uploaded": 1, "already_uploaded": 0, "failed": 0, "not_started": 0}
    }
    assert record["status"] == "uploaded"
    (stored,) = presignkit_sandbox.store.objects()
    assert stored.sha256 == sha256_of(path)  # the bytes arrived whole
    assert (record["checksum_algorithm"], record["checksum"]) == ("crc32c", crc32c_of(path))  # the default
    assert record["sha256"] is None
    assert record["size"] == stored.size == path.stat().st_size
    assert record["vendor"] == vendor
    assert record["asset_id"] == presignkit_sandbox.assets(vendor)[-1]
    assert record["file"] == str(path)
    assert result.stderr == ""  # no progress bar in JSON mode


@pytest.mark.parametrize("vendor", list(SAMPLE))
def test_table_shows_the_upload(
    runner: CliRunner, presignkit_sandbox: Sandbox, sample: Callable[[str], Path], vendor: str
) -> None:
    path = sample(SAMPLE[vendor])
    result = runner.invoke(
        cli.main, ["upload", str(path), "--vendor", vendor], env={**presignkit_sandbox.env(), **WIDE}
    )
    assert result.exit_code == 0, result.output
    (stored,) = presignkit_sandbox.store.objects()
    assert f"Uploaded to {vendor}" in result.stdout
    row = next(line for line in result.stdout.splitlines() if path.name in line)
    checksum = f"crc32c {crc32c_of(path)}"  # 8 characters of base64: shown whole
    for expected in (presignkit_sandbox.assets(vendor)[-1], f"{stored.size:,}", checksum):
        assert expected in row


def test_loops_table_shows_the_final_url(
    runner: CliRunner, presignkit_sandbox: Sandbox, sample: Callable[[str], Path]
) -> None:
    path = sample("header.png")
    result = runner.invoke(
        cli.main, ["upload", str(path), "--vendor", "loops"], env={**presignkit_sandbox.env(), **WIDE}
    )
    assert result.exit_code == 0, result.output
    (stored,) = presignkit_sandbox.store.objects()
    assert presignkit_sandbox.store.object_url(stored.bucket, stored.key) in result.stdout


def test_several_files_give_one_record_each(
    runner: CliRunner, presignkit_sandbox: Sandbox, sample: Callable[[str], Path]
) -> None:
    files = [sample("a.mp4"), sample("b.mp4")]
    result = runner.invoke(
        cli.main,
        ["upload", *map(str, files), "--vendor", "flare", "--checksum", "sha256", "--json"],
        env=presignkit_sandbox.env(),
    )
    assert result.exit_code == 0, result.output
    *records, summary = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["sha256"] for r in records) == sorted(sha256_of(f) for f in files)
    assert {r["checksum_algorithm"] for r in records} == {"sha256"}
    assert summary["summary"]["uploaded"] == 2
    assert sorted(o.sha256 for o in presignkit_sandbox.store.objects()) == sorted(sha256_of(f) for f in files)


def test_a_refused_file_stops_everything_before_the_first_byte(
    runner: CliRunner, presignkit_sandbox: Sandbox, sample: Callable[[str], Path]
) -> None:
    png, wav = sample("header.png"), sample("intro.wav")  # Loops takes images only
    result = runner.invoke(
        cli.main,
        ["upload", str(png), str(wav), "--vendor", "loops"],
        env={**presignkit_sandbox.env(), **WIDE},
    )
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {wav}: ") and "image/png" in line
    assert "1 failed, 1 not started" in result.stdout
    assert presignkit_sandbox.api_requests == [] and presignkit_sandbox.store.objects() == []


def test_a_vendor_error_is_one_line_without_the_key(
    runner: CliRunner, presignkit_sandbox: Sandbox, sample: Callable[[str], Path]
) -> None:
    wrong_key = "flr_pat_not_the_sandbox_token_0123456789"
    result = runner.invoke(
        cli.main,
        ["upload", str(sample("clip.mp4")), "--vendor", "flare"],
        env={**presignkit_sandbox.env(), "FLARE_API_TOKEN": wrong_key},
    )
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and "status=401" in line
    assert wrong_key not in result.output
    assert presignkit_sandbox.store.objects() == []


def test_a_store_fault_is_retried_and_the_upload_succeeds(
    runner: CliRunner, presignkit_sandbox: Sandbox, sample: Callable[[str], Path]
) -> None:
    presignkit_sandbox.faults.add_spec("store.put:fail=1,status=503")
    path = sample("header.png")
    result = runner.invoke(
        cli.main, ["upload", str(path), "--vendor", "loops", "--json"], env=presignkit_sandbox.env()
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["checksum"] == crc32c_of(path)
    assert [r.method for r in presignkit_sandbox.store.requests].count("PUT") == 2


def test_progress_bar_is_drawn_on_an_interactive_terminal(
    runner: CliRunner, presignkit_sandbox: Sandbox, sample: Callable[[str], Path]
) -> None:
    path = sample("clip.mp4")
    terminal = {"TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1", **WIDE}
    result = runner.invoke(
        cli.main,
        ["upload", str(path), "--vendor", "streamloop"],
        env={**presignkit_sandbox.env(), **terminal},
    )
    assert result.exit_code == 0, result.output
    assert path.name in result.stderr
    assert "262.1/262.1 kB" in result.stderr  # the bar's final state: every byte sent


def test_presignkit_sandbox_command_serves_the_cli(sample: Callable[[str], Path]) -> None:
    """`presignkit sandbox` in one process, `presignkit upload` in another, as in a shell."""
    server = subprocess.Popen(
        [sys.executable, "-m", "presignkit", "sandbox"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        env = dict(os.environ)
        for line in server.stdout:
            if not line.startswith("export "):
                break
            name, _, value = line.removeprefix("export ").partition("=")
            (env[name],) = shlex.split(value)  # the command shell-quotes values
        path = sample("header.png")
        upload = subprocess.run(
            [sys.executable, "-m", "presignkit", "upload", str(path), "--vendor", "loops", "--json"],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert upload.returncode == 0, upload.stderr
        assert json.loads(upload.stdout.splitlines()[0])["checksum"] == crc32c_of(path)
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0


def test_verbose_logs_go_to_stderr_without_secrets(
    runner: CliRunner, presignkit_sandbox: Sandbox, sample: Callable[[str], Path]
) -> None:
    env = presignkit_sandbox.env()
    result = runner.invoke(
        cli.main, ["-vv", "upload", str(sample("header.png")), "--vendor", "loops", "--json"], env=env
    )
    assert result.exit_code == 0, result.output
    assert "INFO presignkit: uploaded" in result.stderr
    assert env["LOOPS_API_KEY"] not in result.stderr
    assert "X-Amz-Signature=" not in result.stderr.replace("X-Amz-Signature=[redacted]", "")
    record, _summary = map(json.loads, result.stdout.splitlines())  # stdout stays machine-readable
    assert record["vendor"] == "loops"


def test_checksum_none_computes_none(
    runner: CliRunner, presignkit_sandbox: Sandbox, sample: Callable[[str], Path]
) -> None:
    path = sample("header.png")
    result = runner.invoke(
        cli.main,
        ["upload", str(path), "--vendor", "loops", "--checksum", "none", "--json"],
        env=presignkit_sandbox.env(),
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert (record["checksum_algorithm"], record["checksum"], record["sha256"]) == (None, None, None)
    assert presignkit_sandbox.store.objects()[0].sha256 == sha256_of(path)


def test_an_unknown_checksum_is_a_usage_error_before_any_upload(
    runner: CliRunner, presignkit_sandbox: Sandbox, sample: Callable[[str], Path]
) -> None:
    path = sample("header.png")
    result = runner.invoke(
        cli.main,
        ["upload", str(path), "--vendor", "loops", "--checksum", "md5"],
        env=presignkit_sandbox.env(),
    )
    assert result.exit_code == 2
    assert "md5" in result.stderr and "crc32c" in result.stderr and "sha256" in result.stderr
    assert presignkit_sandbox.store.requests == []
