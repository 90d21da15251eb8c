"""`presignkit upload` with many files: directories, stdin, a journal, --keep-going, --dry-run,
JSON lines with failures and a summary, the exit status, phases, and 80-column tables."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from presignkit import cli
from presignkit.sandbox.sandbox import Sandbox
from tests.digests import crc32c_of
from tests.many.conftest import assert_exactly_once

MakeFiles = Callable[..., list[Path]]


def invoke(
    args: list[str], sandbox: Sandbox, input: bytes | None = None, env: dict[str, str] | None = None
) -> Any:
    return CliRunner().invoke(cli.main, args, env={**sandbox.env(), **(env or {})}, input=input)


def json_lines(stdout: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    *records, summary = [json.loads(line) for line in stdout.splitlines()]
    return records, summary["summary"]


def test_keep_going_uploads_the_rest_and_reports_the_failure(
    presignkit_sandbox: Sandbox, make_files: MakeFiles, tmp_path: Path
) -> None:
    paths = make_files("flare", 4)
    refused = paths[0].parent / "logo.png"  # Flare takes video only
    refused.write_bytes(b"\x89PNG not a video")
    result = invoke(
        ["upload", str(paths[0].parent), "-r", "--vendor", "flare", "--keep-going", "--json", "-j", "3"],
        presignkit_sandbox,
    )
    assert result.exit_code == 1, result.output
    records, summary = json_lines(result.stdout)
    failed = [r for r in records if r["status"] == "failed"]
    assert [r["file"] for r in failed] == [str(refused)]
    assert failed[0]["error"]["type"] == "ValidationError" and "video" in failed[0]["error"]["message"]
    uploaded = [r["checksum"] for r in records if r["status"] == "uploaded"]
    assert sorted(uploaded) == sorted(map(crc32c_of, paths))
    assert summary == {"files": 5, "uploaded": 4, "already_uploaded": 0, "failed": 1, "not_started": 0}
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {refused}: ")
    assert_exactly_once(presignkit_sandbox, "flare", paths)


def test_a_directory_needs_recursive(presignkit_sandbox: Sandbox, make_files: MakeFiles) -> None:
    paths = make_files("loops", 2)
    result = invoke(["upload", str(paths[0].parent), "--vendor", "loops"], presignkit_sandbox)
    assert result.exit_code == 2 and "--recursive" in result.stderr
    assert presignkit_sandbox.api_requests == []


def test_journal_rerun_skips_what_is_done(
    presignkit_sandbox: Sandbox, make_files: MakeFiles, tmp_path: Path
) -> None:
    paths = make_files("scripe", 3)
    args = ["upload", *map(str, paths), "--vendor", "scripe", "--journal", str(tmp_path / "j"), "--json"]
    first = invoke(args, presignkit_sandbox)
    assert first.exit_code == 0, first.output
    again = invoke(args, presignkit_sandbox)
    assert again.exit_code == 0, again.output
    records, summary = json_lines(again.stdout)
    assert {r["status"] for r in records} == {"already_uploaded"} and summary["already_uploaded"] == 3
    assert summary["journal"] == str(tmp_path / "j")
    assert_exactly_once(presignkit_sandbox, "scripe", paths)


def test_resume_uses_one_journal_per_command(
    presignkit_sandbox: Sandbox, make_files: MakeFiles, tmp_path: Path
) -> None:
    paths = make_files("streamloop", 2)
    args = ["upload", *map(str, paths), "--vendor", "streamloop", "--resume", "--json"]
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert invoke(args, presignkit_sandbox, env=cache).exit_code == 0
    _records, summary = json_lines(invoke(args, presignkit_sandbox, env=cache).stdout)
    assert summary["already_uploaded"] == 2 and Path(summary["journal"]).parent.parent.name == "presignkit"
    both = invoke([*args, "--journal", str(tmp_path / "j")], presignkit_sandbox, env=cache)
    assert both.exit_code == 2 and "--journal and --resume" in both.stderr


def test_stdin_buffered_and_journaled(presignkit_sandbox: Sandbox, tmp_path: Path) -> None:
    data = bytes(range(256)) * 64
    args = ["upload", "-", "--vendor", "flare", "--content-type", "video/mp4", "--json"]
    args += ["--journal", str(tmp_path / "j")]
    first = invoke(args, presignkit_sandbox, input=data)
    assert first.exit_code == 0, first.output
    records, _ = json_lines(first.stdout)
    assert records[0]["file"] == "-" and records[0]["size"] == len(data)
    again = invoke(args, presignkit_sandbox, input=data)
    assert json_lines(again.stdout)[0][0]["status"] == "already_uploaded"
    (video,) = presignkit_sandbox.api.stand_in("flare")._videos.values()  # type: ignore[attr-defined]
    assert video.file_name == "stdin.mp4"


def test_stdin_streamed_with_size(presignkit_sandbox: Sandbox) -> None:
    data = b"\x00" * 5000
    result = invoke(
        ["upload", "-", "--size", "5000", "--vendor", "scripe", "--content-type", "audio/mpeg", "--json"],
        presignkit_sandbox,
        input=data,
    )
    assert result.exit_code == 0, result.output
    assert json_lines(result.stdout)[0][0]["size"] == 5000


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["upload", "-", "--vendor", "loops"], "--content-type"),
        (["upload", "{f}", "--vendor", "loops", "--size", "3"], "--size"),
        (["upload", "-", "-", "--vendor", "loops", "--content-type", "image/png"], "once"),
        (["upload", "{f}", "--vendor", "loops", "--concurrency", "0"], "--concurrency"),
    ],
)
def test_usage_errors(
    presignkit_sandbox: Sandbox, make_files: MakeFiles, args: list[str], mentions: str
) -> None:
    (path,) = make_files("loops", 1)
    result = invoke([a.format(f=path) for a in args], presignkit_sandbox)
    assert result.exit_code == 2, result.output
    assert mentions in result.stderr and len(result.stderr.splitlines()) == 1


def test_messages_use_the_command_line_words(presignkit_sandbox: Sandbox, make_files: MakeFiles) -> None:
    (path,) = make_files("loops", 1)
    result = invoke(
        ["upload", str(path), "--vendor", "loops", "--content-type", "nonsense"], presignkit_sandbox
    )
    assert result.exit_code == 1
    assert "--content-type 'nonsense'" in result.stderr and "content_type=" not in result.stderr


def test_dry_run_sends_nothing(presignkit_sandbox: Sandbox, make_files: MakeFiles) -> None:
    paths = make_files("loops", 2)
    result = invoke(
        ["upload", *map(str, paths), "--vendor", "loops", "--dry-run", "--json"], presignkit_sandbox
    )
    assert result.exit_code == 0, result.output
    records, summary = json_lines(result.stdout)
    assert [r["status"] for r in records] == ["would_upload", "would_upload"] and summary["would_upload"] == 2
    assert records[0]["content_type"] == "image/png" and records[0]["size"] == 2048
    assert presignkit_sandbox.api_requests == [] and presignkit_sandbox.store.requests == []
    bad = invoke(["upload", str(paths[0]), "--vendor", "flare", "--dry-run"], presignkit_sandbox)
    assert bad.exit_code == 1 and bad.stderr.startswith(f"error: {paths[0]}: ")


def test_version_and_verbose_after_the_subcommand(presignkit_sandbox: Sandbox, make_files: MakeFiles) -> None:
    version = CliRunner().invoke(cli.main, ["--version"])
    assert version.exit_code == 0 and version.stdout.startswith("presignkit ")
    (path,) = make_files("loops", 1)
    result = invoke(["upload", str(path), "--vendor", "loops", "--json", "-v"], presignkit_sandbox)
    assert result.exit_code == 0, result.output
    assert "INFO presignkit: uploaded" in result.stderr


def test_table_is_readable_at_80_columns(presignkit_sandbox: Sandbox, make_files: MakeFiles) -> None:
    paths = make_files("loops", 2)
    result = invoke(
        ["upload", *map(str, paths), "--vendor", "loops"], presignkit_sandbox, env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(map(len, lines[:-4])) <= 80  # the table; the URL lines below it are whole
    for asset in presignkit_sandbox.assets("loops"):
        assert any(asset in line for line in lines)  # never cut
    for stored in presignkit_sandbox.store.objects():
        url = presignkit_sandbox.store.object_url(stored.bucket, stored.key)
        assert any(line.endswith(url) for line in lines)  # on its own line, whole
    assert "2 files: 2 uploaded" in result.stdout


def test_wait_reports_the_scripe_job(presignkit_sandbox: Sandbox, make_files: MakeFiles) -> None:
    (path,) = make_files("scripe", 1)
    result = invoke(["upload", str(path), "--vendor", "scripe", "--wait", "--json"], presignkit_sandbox)
    assert result.exit_code == 0, result.output
    records, _ = json_lines(result.stdout)
    outcome = records[0].get("job") or records[0].get("source")
    assert outcome is not None and outcome["status"] in ("DONE", "Success"), records[0]
    table = invoke(["upload", str(path), "--vendor", "scripe", "--wait"], presignkit_sandbox)
    assert f"{path.name}: job " in table.stdout or f"{path.name}: source " in table.stdout


def test_phases_are_shown_on_a_terminal(presignkit_sandbox: Sandbox, make_files: MakeFiles) -> None:
    paths = make_files("streamloop", 2)
    presignkit_sandbox.faults.fail_next("streamloop.completeUpload", 1, status=503)
    terminal = {"TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1", "COLUMNS": "200"}
    result = invoke(["upload", *map(str, paths), "--vendor", "streamloop"], presignkit_sandbox, env=terminal)
    assert result.exit_code == 0, result.output
    assert "2/2 files" in result.stderr
    assert "retry 1/4 in" in result.stderr and "(503)" in result.stderr
    assert_exactly_once(presignkit_sandbox, "streamloop", paths)
