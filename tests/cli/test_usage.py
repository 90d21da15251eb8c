"""Argument handling, error reporting and the optional sandbox command, without a network."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import presignkit
from presignkit import cli
from presignkit.errors import AuthenticationError

SECRET = "sk_live_this_is_a_long_secret_value"


def assert_one_error_line(result: Result, exit_code: int) -> str:
    """The failure contract: the exit status, and exactly one `error:` line, no traceback."""
    assert result.exit_code == exit_code, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output
    return lines[0]


def test_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(cli.main, ["--help"])
    assert result.exit_code == 0
    for command in ("upload", "vendors", "sandbox"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["upload", "--vendor", "loops"], "PATH"),
        (["upload", "{png}"], "--vendor"),
        (["upload", "{png}", "--vendor", "dropbox"], "loops"),  # the accepted choices
        (["upload", "no-such-file.png", "--vendor", "loops"], "no-such-file.png"),
        (["upload", "{dir}", "--vendor", "loops"], "directory"),
        (["upload", "{png}", "--vendor", "loops", "--no-such-option"], "--no-such-option"),
        (["no-such-command"], "no-such-command"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    runner: CliRunner, sample: Callable[[str], Path], tmp_path: Path, args: list[str], mentions: str
) -> None:
    png = sample("header.png")
    args = [a.format(png=png, dir=tmp_path) for a in args]
    line = assert_one_error_line(runner.invoke(cli.main, args), 2)
    assert mentions in line


def test_missing_key_is_a_configuration_error(
    runner: CliRunner, sample: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LOOPS_API_KEY", raising=False)
    result = runner.invoke(cli.main, ["upload", str(sample("header.png")), "--vendor", "loops"])
    line = assert_one_error_line(result, 1)
    assert "LOOPS_API_KEY" in line


def test_bad_base_url_is_reported(runner: CliRunner, sample: Callable[[str], Path]) -> None:
    result = runner.invoke(
        cli.main,
        ["upload", str(sample("header.png")), "--vendor", "loops", "--base-url", "ftp://example"],
        env={"LOOPS_API_KEY": SECRET},
    )
    assert "base URL" in assert_one_error_line(result, 1)


def test_wait_is_refused_for_a_vendor_without_jobs(runner: CliRunner, sample: Callable[[str], Path]) -> None:
    result = runner.invoke(
        cli.main,
        ["upload", str(sample("header.png")), "--vendor", "loops", "--wait"],
        env={"LOOPS_API_KEY": SECRET},
    )
    assert "Scripe only" in assert_one_error_line(result, 1)


class _Exploding:
    """Stands in for presignkit.Uploader: fails as soon as it is built."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def __call__(self, *args: object, **kwargs: object) -> None:
        raise self.error


def test_keys_from_the_environment_never_reach_the_terminal(
    runner: CliRunner, sample: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A vendor error that echoes the key back (some do): the CLI scrubs it as a last line of defence.
    monkeypatch.setattr(
        presignkit,
        "Uploader",
        _Exploding(AuthenticationError(f"key {SECRET} was revoked", vendor="loops", status=401)),
    )
    result = runner.invoke(
        cli.main, ["upload", str(sample("header.png")), "--vendor", "loops"], env={"LOOPS_API_KEY": SECRET}
    )
    line = assert_one_error_line(result, 1)
    assert SECRET not in result.output
    assert "[redacted]" in line and "status=401" in line


def test_presigned_url_signatures_never_reach_the_terminal(
    runner: CliRunner, sample: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "http://127.0.0.1:9/b/k?X-Amz-Credential=AKIAX%2F20260101&X-Amz-Signature=deadbeefcafe"
    monkeypatch.setattr(presignkit, "Uploader", _Exploding(RuntimeError(f"boom while sending to {url}")))
    result = runner.invoke(cli.main, ["upload", str(sample("header.png")), "--vendor", "loops"])
    line = assert_one_error_line(result, 1)
    assert "deadbeefcafe" not in result.output and "AKIAX" not in result.output
    assert line.startswith("error: unexpected RuntimeError: boom")


def test_a_multi_line_message_is_reported_on_one_line(
    runner: CliRunner, sample: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(presignkit, "Uploader", _Exploding(presignkit.VendorError("first\nsecond\n\nthird")))
    result = runner.invoke(cli.main, ["upload", str(sample("header.png")), "--vendor", "loops"])
    assert assert_one_error_line(result, 1) == "error: first second third"


def test_interrupt_exits_130(
    runner: CliRunner, sample: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(presignkit, "Uploader", _Exploding(KeyboardInterrupt()))
    result = runner.invoke(cli.main, ["upload", str(sample("header.png")), "--vendor", "loops"])
    assert result.exit_code == 130
    # click writes a newline first, so the message starts on its own line after the terminal's ^C.
    assert result.stderr.strip() == "error: interrupted"


def test_vendors_table_names_every_vendor_and_variable(runner: CliRunner) -> None:
    result = runner.invoke(cli.main, ["vendors"], env={"COLUMNS": "300"})
    assert result.exit_code == 0
    for name in presignkit.vendor_names():
        assert name in result.stdout
        for variable in presignkit.vendor_info(name).env_vars:
            assert variable in result.stdout
    assert "4.0 MB" in result.stdout  # Loops' limit, from its spec


def test_vendors_json_matches_vendor_info(runner: CliRunner) -> None:
    result = runner.invoke(cli.main, ["vendors", "--json"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["name"] for r in records] == list(presignkit.vendor_names())
    for record in records:
        info = presignkit.vendor_info(record["name"])
        assert record["env_vars"] == list(info.env_vars)
        assert record["max_size"] == info.max_size
        assert record["accepted_content_types"] == list(info.accepted_content_types)


def test_sandbox_command_says_how_to_install_the_extra(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # None in sys.modules makes the import fail, as it does without the sandbox extra.
    monkeypatch.setitem(sys.modules, "presignkit.sandbox.command", None)
    assert runner.invoke(cli.main, ["--help"]).exit_code == 0
    line = assert_one_error_line(runner.invoke(cli.main, ["sandbox", "--fault", "store.put:fail=1"]), 1)
    assert "presignkit[sandbox]" in line


def test_sandbox_command_is_the_sandbox_s_own(runner: CliRunner) -> None:
    result = runner.invoke(cli.main, ["sandbox", "--help"])
    assert result.exit_code == 0
    assert "--fault" in result.stdout


def test_import_presignkit_does_not_import_click_or_rich() -> None:
    # httpx imports its own CLI (click, rich) when they are installed; block that part so the
    # check is about presignkit's modules only.
    code = (
        "import sys; sys.modules['httpx._main'] = None; import presignkit; "
        "print(sorted(m for m in ('click', 'rich') if m in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"


def test_python_dash_m_runs_the_cli() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "presignkit", "upload", "--vendor", "nope", "x"],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 2
    assert completed.stderr.startswith("error: ") and completed.stderr.count("\n") == 1


def test_help_imports_neither_the_sandbox_nor_rich() -> None:
    # Listing `sandbox` must not import it (starlette, uvicorn, openapi-core: ~1 s), and rich loads
    # only to draw output. httpx's own command line (which imports rich) is blocked, as it is
    # absent without the cli extra, so the check is about presignkit's modules.
    code = (
        "import sys\n"
        "sys.modules['httpx._main'] = None\n"
        "from presignkit.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'starlette', 'uvicorn', "
        "'openapi_core') or m.startswith('presignkit.sandbox')), file=sys.stderr)\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "sandbox" in completed.stdout
    assert completed.stderr.strip() == "[]"


def test_the_script_without_the_cli_extra_says_how_to_install_it() -> None:
    # None in sys.modules makes the import fail, as it does without the cli extra.
    code = "import sys; sys.modules['click'] = None; from presignkit.__main__ import run; run()"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 1
    assert completed.stderr.startswith("error: ") and completed.stderr.count("\n") == 1
    assert "click" in completed.stderr
    assert "pip install 'presignkit[cli]'" in completed.stderr
