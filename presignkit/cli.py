"""The `presignkit` command line: upload files, list the vendors, run the local sandbox.

click and rich are imported here and nowhere else, so `import presignkit` stays light for
library users. Every failure ends with exactly one line on stderr, `error: <message>`, and an
exit status: 1 for a failed upload (any PresignkitError) or another runtime failure, 2 for a
usage error, 130 when interrupted. Messages pass through `redact_text` with the keys found in
the environment, so neither a key nor a presigned URL's signature reaches the terminal.

click and rich come with the `cli` extra. rich and the sandbox load only when a command needs
them, so `presignkit --help` stays quick.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

import presignkit
from presignkit.checksums import ALGORITHMS, DEFAULT_CHECKSUM, checked_algorithm
from presignkit.errors import PresignkitError
from presignkit.redact import redact_text
from presignkit.vendors.registry import settings_types, vendor_info, vendor_names

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # the shell convention for SIGINT (128 + 2)
SANDBOX_INSTALL_HINT = "pip install 'presignkit[sandbox]'"
# The sandbox command's one-line help, known without importing the sandbox (~1 s of starlette,
# uvicorn and openapi-core) just to list it in `presignkit --help`.
SANDBOX_SHORT_HELP = "Run local stand-ins for every vendor and their object store."
_CHECKSUM_PREFIX = 12  # enough to tell files apart at a glance; --json carries the full value
_PIPE_WIDTH = 240
_log = logging.getLogger("presignkit.cli")
_LOG_HANDLER_NAME = "presignkit.cli"


class PresignkitCli(click.Group):
    """A click group that reports every failure as one `error:` line and an exit status (also
    when called with standalone_mode=False), and loads `sandbox` lazily."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), "sandbox"})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name == "sandbox":
            return _LazySandboxCommand("sandbox", short_help=SANDBOX_SHORT_HELP, add_help_option=False)
        return super().get_command(ctx, cmd_name)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        # click's own standalone mode prints usage errors as a multi-line block and lets any
        # other exception escape with a traceback; run it non-standalone and report here instead.
        try:
            result = super().main(
                args,
                prog_name,
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except click.UsageError as exc:
            _fail(exc.format_message(), EXIT_USAGE)
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except PresignkitError as exc:
            _fail(str(exc), EXIT_FAILURE)
        except (click.Abort, KeyboardInterrupt):
            _fail("interrupted", EXIT_INTERRUPTED)
        except Exception as exc:
            # A bug rather than a failed upload: still one line, the traceback only with -vv.
            _log.debug("unexpected failure", exc_info=True)
            _fail(f"unexpected {type(exc).__name__}: {exc} (run with -vv for a traceback)", EXIT_FAILURE)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


def _fail(message: str, exit_code: int) -> NoReturn:
    one_line = " ".join(redact_text(message, _secrets_in_environment()).split())
    click.echo(f"error: {one_line}", err=True)
    sys.exit(exit_code)


def _secrets_in_environment() -> list[str]:
    """The values of every variable a vendor declares secret, to scrub from messages."""
    names = {s.env_var for t in settings_types().values() for s in t.declared() if s.secret and s.env_var}
    return [os.environ[n] for n in sorted(names) if os.environ.get(n)]


@click.group(cls=PresignkitCli, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="Log to stderr: -v for info, -vv for debug.")
def main(verbose: int) -> None:
    """Upload files to Streamloop, Loops, Flare or Scripe: presign, PUT, complete."""
    _configure_logging(verbose)


def _configure_logging(verbose: int) -> None:
    logger = logging.getLogger("presignkit")
    # Replace what an earlier invocation in this process (a test runner) installed.
    for installed in [h for h in logger.handlers if h.get_name() == _LOG_HANDLER_NAME]:
        logger.removeHandler(installed)
    handler: logging.Handler
    if verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logger.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
    else:
        # Without any handler, Python's last-resort handler would print the library's warnings
        # (e.g. a retry) to stderr and break the one-line-per-failure promise.
        handler = logging.NullHandler()
    handler.set_name(_LOG_HANDLER_NAME)
    logger.addHandler(handler)


# -- upload ----------------------------------------------------------------------------------


@main.command()
@click.argument(
    "files",
    nargs=-1,
    required=True,
    metavar="FILE...",
    # Checked up front so that a typo in the third file does not leave two files uploaded.
    type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
)
@click.option(
    "--vendor",
    required=True,
    type=click.Choice(vendor_names()),
    help="Where to upload. Its keys come from the environment (see `presignkit vendors`).",
)
@click.option(
    "--content-type", metavar="TYPE", help="MIME type of every FILE (default: guessed from its name)."
)
@click.option(
    "--base-url", metavar="URL", help="The vendor's API base URL (default: <VENDOR>_BASE_URL or production)."
)
@click.option(
    "--wait",
    is_flag=True,
    help="Wait until the vendor has processed each upload (vendors with a processing job; others refuse it).",
)
@click.option(
    "--checksum",
    type=click.Choice([*ALGORITHMS, "none"]),
    default=DEFAULT_CHECKSUM,
    show_default=True,
    help="Checksum computed over the bytes sent, and shown with the result.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object per file instead of progress and a table."
)
def upload(
    files: tuple[Path, ...],
    vendor: str,
    content_type: str | None,
    base_url: str | None,
    wait: bool,
    checksum: str,
    as_json: bool,
) -> None:
    """Upload each FILE to VENDOR, one after another, and print what the vendor returned."""
    # Every settings class is an attrs class with a base_url field (None: <VENDOR>_BASE_URL, else
    # production); the registry's static type, VendorSettings, does not say so.
    settings_type: Any = settings_types()[vendor]
    settings = settings_type(base_url=base_url)
    stdout = _stdout_console()
    results: list[tuple[Path, presignkit.UploadResult]] = []
    current: Path | None = None  # the file being uploaded, to name it in an error
    try:
        with presignkit.Uploader(settings) as uploader, _progress_display(enabled=not as_json) as progress:
            for current in files:
                result = uploader.upload(
                    current,
                    content_type=content_type,
                    wait=wait,
                    progress=_progress_callback(progress, current),
                    checksum=None if checksum == "none" else checked_algorithm(checksum),
                )
                results.append((current, result))
                if as_json:
                    click.echo(json.dumps(_result_record(current, result)))
    except PresignkitError as exc:
        # Show what did get uploaded before the one error line, so nothing is uploaded twice.
        if results and not as_json:
            stdout.print(_results_table(results))
        raise click.ClickException(f"{current}: {exc}" if current else str(exc)) from exc
    if not as_json:
        stdout.print(_results_table(results))


def _stdout_console() -> Console:
    """The terminal's width on a terminal; elsewhere (a pipe, a CI log) wide, unless COLUMNS says
    otherwise, because rich's default of 80 columns folds every URL over several lines."""
    from rich.console import Console

    console = Console()
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(width=_PIPE_WIDTH)
    return console


def _progress_display(*, enabled: bool) -> Progress:
    """Bars on stderr, so stdout carries only the results; drawn only on an interactive
    terminal, because redrawn bars in a log file or a pipe are noise (rich's TTY_INTERACTIVE=0|1
    overrides the guess)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    console = Console(stderr=True)
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not (enabled and console.is_interactive),
    )


def _progress_callback(progress: Progress, path: Path) -> Callable[[int, int], None]:
    task = progress.add_task(path.name, total=None)

    def report(sent: int, total: int) -> None:
        progress.update(task, completed=sent, total=total)

    return report


def _result_record(path: Path, result: presignkit.UploadResult) -> dict[str, Any]:
    return {
        "file": str(path),
        "vendor": result.vendor,
        "asset_id": result.asset_id,
        "size": result.size,
        "checksum_algorithm": result.checksum.algorithm if result.checksum else None,
        "checksum": result.checksum.value if result.checksum else None,  # base64, as S3's
        "sha256": result.sha256,  # hex, with --checksum sha256
        "content_type": result.content_type,
        "url": result.url,
        "seconds": round(result.elapsed, 3),
    }


def _results_table(results: list[tuple[Path, presignkit.UploadResult]]) -> Table:
    from rich.table import Table

    table = Table(title="Uploaded", title_justify="left")
    table.add_column("file")
    table.add_column("vendor")
    table.add_column("asset id", overflow="fold")
    table.add_column("size", justify="right")
    table.add_column("checksum", no_wrap=True)
    # Folded, not cut: a URL with an ellipsis in it is useless to copy.
    table.add_column("url", overflow="fold")
    table.add_column("seconds", justify="right")
    for path, result in results:
        table.add_row(
            path.name,
            result.vendor,
            result.asset_id,
            f"{result.size:,}",
            f"{result.checksum.algorithm} {result.checksum.value[:_CHECKSUM_PREFIX]}"
            if result.checksum
            else "-",
            result.url or "-",
            f"{result.elapsed:.2f}",
        )
    return table


# -- vendors ---------------------------------------------------------------------------------


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per vendor.")
def vendors(as_json: bool) -> None:
    """List the vendors, what each accepts, and the environment variables it reads."""
    infos = [vendor_info(name) for name in vendor_names()]
    if as_json:
        for info in infos:
            record = {
                "name": info.name,
                "title": info.title,
                "accepted_content_types": list(info.accepted_content_types),
                "max_size": info.max_size,
                "env_vars": list(info.env_vars),
                "notes": info.notes,
            }
            click.echo(json.dumps(record))
        return
    from rich.filesize import decimal
    from rich.table import Table

    table = Table(show_lines=True)
    table.add_column("vendor")
    table.add_column("accepts", overflow="fold")
    table.add_column("max size", justify="right")
    table.add_column("environment")
    table.add_column("notes")
    for info in infos:
        table.add_row(
            info.name,
            "\n".join(info.accepted_content_types),
            "not documented" if info.max_size is None else decimal(info.max_size),
            "\n".join(info.env_vars),
            info.notes,
        )
    _stdout_console().print(table)


# -- sandbox (optional extra) ----------------------------------------------------------------


class _LazySandboxCommand(click.Command):
    """`sandbox` as the command list shows it; the real command (or the one saying how to install
    the extra) is imported only when `sandbox` is run: click makes a subcommand's context with
    `make_context` and then invokes the context's command, which is the real one."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        return _sandbox_command().make_context(info_name, args, parent, **extra)


def _sandbox_command() -> click.Command:
    """The sandbox's own command when the extra is installed, else one that says how to get it."""
    try:
        from presignkit.sandbox.command import sandbox_command
    except ImportError as exc:
        return _sandbox_missing_command(exc.name or str(exc))
    return sandbox_command


def _sandbox_missing_command(missing: str) -> click.Command:
    @click.command(
        "sandbox",
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
        add_help_option=False,
    )
    def sandbox() -> None:
        """Run local stand-ins for every vendor (needs the `sandbox` extra)."""
        raise click.ClickException(
            f"`presignkit sandbox` needs the sandbox extra, which is not installed (no module "
            f"{missing!r}): {SANDBOX_INSTALL_HINT}"
        )

    return sandbox
