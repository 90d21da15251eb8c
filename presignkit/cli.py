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
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

import presignkit
from presignkit.checksums import ALGORITHMS, DEFAULT_CHECKSUM, ChecksumAlgorithm, checked_algorithm
from presignkit.errors import PresignkitError
from presignkit.redact import redact_text
from presignkit.vendors.registry import settings_types, vendor_info, vendor_names

if TYPE_CHECKING:  # rich and the many-files engine load when a command needs them
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from presignkit.many import SourceOutcome

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
@click.version_option(package_name="presignkit", message="presignkit %(version)s")
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

# Library words -> command-line words, for messages that name an option.
_CLI_WORDS = (
    ("content_type=", "--content-type "),
    ("wait_timeout=", "--wait-timeout "),
    ("concurrency=", "--concurrency "),
    ("wait=True", "--wait"),
    ("size=", "--size "),
    ("pass content_type=", "pass --content-type"),
)
DEFAULT_CLI_CONCURRENCY = 4  # polite to a vendor by default; --concurrency raises it
_KEEP_FINISHED_ROWS = 10  # a short run keeps each file's finished bar; a long one shows those in flight


def _in_cli_words(message: str) -> str:
    for library, cli in _CLI_WORDS:
        message = message.replace(library, cli)
    return message


@main.command()
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    metavar="PATH...",
    # Checked up front so that a typo in the third path does not leave two files uploaded.
    type=click.Path(exists=True, readable=True, allow_dash=True),
)
@click.option(
    "--vendor",
    required=True,
    type=click.Choice(vendor_names()),
    help="Where to upload. Its keys come from the environment (see `presignkit vendors`).",
)
@click.option(
    "--content-type", metavar="TYPE", help="MIME type of every file (default: guessed from its name)."
)
@click.option(
    "--base-url", metavar="URL", help="The vendor's API base URL (default: <VENDOR>_BASE_URL or production)."
)
@click.option(
    "--wait",
    is_flag=True,
    help="Wait until the vendor has processed each upload (vendors with a processing job; others refuse it).",
)
@click.option("-r", "--recursive", is_flag=True, help="Upload the files under each directory PATH.")
@click.option(
    "--checksum",
    type=click.Choice([*ALGORITHMS, "none"]),
    default=DEFAULT_CHECKSUM,
    show_default=True,
    help="Checksum computed over the bytes sent, and shown with the result.",
)
@click.option(
    "-j",
    "--concurrency",
    type=click.IntRange(min=1),
    default=DEFAULT_CLI_CONCURRENCY,
    show_default=True,
    help="Files uploaded at once (adapts down while the vendor rate-limits).",
)
@click.option(
    "--journal",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    metavar="FILE",
    help="Record progress in FILE; run the same command again to resume after a crash or Ctrl-C.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Like --journal, with a journal in the user cache named after the vendor and the PATHs.",
)
@click.option("--keep-going", is_flag=True, help="Upload the other files when one fails (default: stop).")
@click.option(
    "--dry-run", is_flag=True, help="Check every file and print what would be uploaded; send nothing."
)
@click.option(
    "--size",
    type=click.IntRange(min=1),
    metavar="BYTES",
    help="With `-` (stdin): its length, to stream it without a temporary copy (no retry of the PUT).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object per file (failures included), then a summary object; no progress.",
)
@click.option("-v", "--verbose", count=True, help="Log to stderr: -v for info, -vv for debug.")
def upload(
    paths: tuple[str, ...],
    vendor: str,
    content_type: str | None,
    base_url: str | None,
    wait: bool,
    checksum: str,
    recursive: bool,
    concurrency: int,
    journal: Path | None,
    resume: bool,
    keep_going: bool,
    dry_run: bool,
    size: int | None,
    as_json: bool,
    verbose: int,
) -> None:
    """Upload every PATH to VENDOR, several at once, and print what the vendor returned.

    Every file is checked before the first byte is sent. Exit status: 0 when every file is
    uploaded (now or by an earlier run of the journal), 1 when any failed, 2 for a usage error."""
    from presignkit.many import ManySource
    from presignkit.many_sources import STDIN, buffer_stdin, expand_paths, remove_tree, stdin_filename

    if verbose:
        _configure_logging(verbose)
    if journal is not None and resume:
        raise click.UsageError("--journal and --resume both name a journal; give one of them")
    if paths.count(STDIN) > 1:
        raise click.UsageError("`-` (stdin) can be given once")
    if size is not None and STDIN not in paths:
        raise click.UsageError("--size is the length of stdin; give `-` as a PATH, or drop --size")
    if STDIN in paths and content_type is None:
        raise click.UsageError("stdin has no name to guess a type from: give --content-type (e.g. video/mp4)")
    try:
        files = expand_paths(list(paths), recursive=recursive)
    except PresignkitError as exc:
        raise click.UsageError(_in_cli_words(str(exc))) from exc
    if resume:
        journal = _default_journal(vendor, files)
    if STDIN in files and size is not None and journal is not None:
        raise click.UsageError(
            "stdin with --size is streamed once, so a journal cannot recognise it on a rerun; drop --size "
            "(stdin is then buffered to a temporary file)"
        )
    # Every settings class is an attrs class with a base_url field (None: <VENDOR>_BASE_URL, else
    # production); the registry's static type, VendorSettings, does not say so.
    settings_type: Any = settings_types()[vendor]
    settings = settings_type(base_url=base_url)
    scratch = tempfile.mkdtemp(prefix="presignkit-")
    try:
        sources: list[object] = []
        for path in files:
            if path != STDIN:
                sources.append(path)
            elif size is not None:
                assert content_type is not None
                stdin_name = stdin_filename(content_type)
                sources.append(ManySource(sys.stdin.buffer, filename=stdin_name, size=size))
            else:
                assert content_type is not None
                sources.append(buffer_stdin(sys.stdin.buffer, content_type=content_type, directory=scratch))
        algorithm = None if checksum == "none" else checked_algorithm(checksum)
        report = _Report(files, as_json=as_json)
        with presignkit.Uploader(settings) as uploader:
            if dry_run:
                report.dry_run(
                    uploader,
                    sources,
                    content_type=content_type,
                    wait=wait,
                    checksum=algorithm,
                    journal=journal,
                )
            else:
                with _ManyProgress(files, enabled=not as_json) as progress:
                    try:
                        for outcome in uploader.upload_many(
                            sources,
                            concurrency=concurrency,
                            journal=journal,
                            stop_on_error=not keep_going,
                            content_type=content_type,
                            wait=wait,
                            checksum=algorithm,
                            on_phase=progress.phase,
                            on_progress=progress.advance,
                        ):
                            progress.finished(outcome)
                            report.add(outcome)
                    except KeyboardInterrupt:
                        if journal is not None:
                            report.interrupted(journal)
                        raise
    finally:
        remove_tree(scratch)
    report.finish(journal)


def _default_journal(vendor: str, files: list[str]) -> Path:
    """The journal --resume uses: one per (vendor, PATHs), in the user's cache directory."""
    import hashlib

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "presignkit" / "journals"
    cache.mkdir(parents=True, exist_ok=True)
    named = "\0".join([vendor, *(f if f == "-" else str(Path(f).resolve()) for f in files)])
    return cache / f"{vendor}-{hashlib.sha256(named.encode()).hexdigest()[:16]}.sqlite"


class _ManyProgress:
    """Bars on stderr (drawn only on an interactive terminal, see `_progress_display`): one for the
    whole run, in bytes, and one per file in flight with its phase (`presigning`, `uploading`,
    `retry 2/4 in 1.0 s (503)`, `completing`). Called from the upload engine's thread; rich's
    Progress is thread-safe."""

    def __init__(self, files: list[str], *, enabled: bool) -> None:
        self.files = files
        self.display = _progress_display(enabled=enabled, phases=True)
        self.total_bytes = sum(os.path.getsize(f) for f in files if f != "-" and os.path.isfile(f))
        self.overall = self.display.add_task(
            f"0/{len(files)} files", total=self.total_bytes or None, phase="", start=True
        )
        self.tasks: dict[int, Any] = {}
        self.sent: dict[int, int] = {}
        self.done = 0

    def __enter__(self) -> _ManyProgress:
        self.display.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.display.__exit__(None, None, None)

    def _task(self, index: int) -> Any:
        task = self.tasks.get(index)
        if task is None:
            name = Path(self.files[index]).name if self.files[index] != "-" else "stdin"
            task = self.tasks[index] = self.display.add_task(name, total=None, phase="")
        return task

    def phase(self, index: int, text: str) -> None:
        self.display.update(self._task(index), phase=text)

    def advance(self, index: int, sent: int, total: int) -> None:
        previous = self.sent.get(index, 0)
        self.sent[index] = sent
        self.display.update(self._task(index), completed=sent, total=total)
        # A retried PUT starts again from 0: the overall bar follows it back.
        self.display.advance(self.overall, sent - previous)

    def finished(self, outcome: SourceOutcome) -> None:
        self.done += 1
        self.display.update(self.overall, description=f"{self.done}/{len(self.files)} files")
        task = self.tasks.get(outcome.index)
        if outcome.status == "already_uploaded" and outcome.result is not None:
            self.display.advance(self.overall, outcome.result.size)
        if task is not None and len(self.files) > _KEEP_FINISHED_ROWS:
            self.display.remove_task(task)
        elif task is not None:
            self.display.update(task, phase=outcome.status.replace("_", " "))


class _Report:
    """What the command prints: JSON lines as files end, or a table at the end; failures on
    stderr, one `error:` line per file; a summary."""

    def __init__(self, files: list[str], *, as_json: bool) -> None:
        self.files = files
        self.as_json = as_json
        self.outcomes: list[SourceOutcome] = []
        self.stdout = _stdout_console()

    def _name(self, index: int) -> str:
        return "-" if self.files[index] == "-" else self.files[index]

    def add(self, outcome: SourceOutcome) -> None:
        self.outcomes.append(outcome)
        if self.as_json:
            click.echo(json.dumps(self._record(outcome)))
        if outcome.error is not None:
            message = redact_text(_in_cli_words(str(outcome.error)), _secrets_in_environment())
            click.echo(f"error: {self._name(outcome.index)}: {' '.join(message.split())}", err=True)

    def _record(self, outcome: SourceOutcome) -> dict[str, Any]:
        record: dict[str, Any] = {"file": self._name(outcome.index), "status": outcome.status}
        if outcome.result is not None:
            record.update(_result_record(outcome.result))
            record["file"] = self._name(outcome.index)
        if outcome.error is not None:
            error = outcome.error
            record["error"] = {
                "type": type(error).__name__,
                "message": redact_text(_in_cli_words(error.message), _secrets_in_environment()),
                "operation": error.operation,
                "status": error.status,
                "code": error.code,
            }
        if outcome.orphans:
            record["orphaned_records"] = list(outcome.orphans)
        return record

    def dry_run(
        self,
        uploader: Any,
        sources: list[object],
        *,
        content_type: str | None,
        wait: bool,
        checksum: ChecksumAlgorithm | None,
        journal: Path | None,
    ) -> None:
        """Pre-flight every source and say what would happen; nothing is sent."""
        from rich.filesize import decimal

        from presignkit.journal import Journal
        from presignkit.many import ManySource, SourceOutcome, identity_of

        opened = Journal(journal) if journal is not None else None
        try:
            for index, source in enumerate(sources):
                spec = source if isinstance(source, ManySource) else ManySource(source)
                status = "would_upload"
                error: PresignkitError | None = None
                try:
                    request = uploader._prepare(
                        spec.source,
                        spec.content_type or content_type,
                        spec.filename,
                        spec.size,
                        None,
                        wait,
                        300.0,
                        checksum,
                    )
                    if opened is not None:
                        entry = opened.find(uploader.vendor, identity_of(spec))
                        if entry is not None and entry.completed:
                            status = "already_uploaded"
                        elif entry is not None and entry.record_id is not None:
                            status = "would_resume"
                except PresignkitError as exc:
                    status, error = "refused", exc
                record: dict[str, Any] = {"file": self._name(index), "status": status}
                if error is None:
                    record.update(size=request.source.size, content_type=request.content_type)
                self.outcomes.append(SourceOutcome(index, source, "failed" if error else status, error=error))
                if self.as_json:
                    click.echo(json.dumps(record))
                elif error is None:
                    self.stdout.print(
                        f"{status.replace('_', ' ')}: {record['file']} ({decimal(record['size'])}, "
                        f"{record['content_type']})",
                        soft_wrap=True,
                    )
                if error is not None:
                    message = " ".join(_in_cli_words(str(error)).split())
                    click.echo(f"error: {record['file']}: {message}", err=True)
        finally:
            if opened is not None:
                opened.close()

    def interrupted(self, journal: Path) -> None:
        click.echo(f"interrupted; run the same command again to resume (journal: {journal})", err=True)

    def finish(self, journal: Path | None) -> None:
        counts = {status: 0 for status in ("uploaded", "already_uploaded", "failed", "not_started")}
        for outcome in self.outcomes:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        orphans = [
            {"file": self._name(o.index), "record": record} for o in self.outcomes for record in o.orphans
        ]
        if self.as_json:
            summary: dict[str, Any] = {"summary": {"files": len(self.files), **counts}}
            if orphans:
                summary["summary"]["orphaned_records"] = orphans
            if journal is not None:
                summary["summary"]["journal"] = str(journal)
            click.echo(json.dumps(summary))
        else:
            self._print_table()
            parts = [f"{n} {status.replace('_', ' ')}" for status, n in counts.items() if n]
            if len(self.files) > 1 or counts["already_uploaded"]:
                hint = "; --keep-going uploads the others" if counts["not_started"] else ""
                self.stdout.print(f"{len(self.files)} files: {', '.join(parts)}{hint}", soft_wrap=True)
            for orphan in orphans:
                self.stdout.print(
                    f"left behind at the vendor (never completed): record {orphan['record']} "
                    f"for {orphan['file']}",
                    soft_wrap=True,
                )
        if counts["failed"] or counts["not_started"]:
            raise click.exceptions.Exit(EXIT_FAILURE)

    def _print_table(self) -> None:
        done = sorted((o for o in self.outcomes if o.result is not None), key=lambda o: o.index)
        if not done:
            return
        vendor = done[0].result.vendor if done[0].result is not None else ""
        self.stdout.print(_results_table(vendor, [(self._name(o.index), o) for o in done]))
        # URLs on lines of their own, never folded: they stay whole for copying.
        for outcome in done:
            assert outcome.result is not None
            if outcome.result.url:
                self.stdout.print(
                    f"{Path(self._name(outcome.index)).name}: {outcome.result.url}", soft_wrap=True
                )
            job = _job_outcome(outcome.result)
            if job is not None:
                self.stdout.print(f"{Path(self._name(outcome.index)).name}: {job}", soft_wrap=True)


def _job_outcome(result: presignkit.UploadResult) -> str | None:
    """With --wait: what the vendor's ingest ended as, when the last answer was a job or a
    source (`data` with an `id` and a `status`), e.g. `job job_123 DONE`."""
    data = getattr(result.response, "data", None)
    status = getattr(data, "status", None)
    if data is None or status is None or not hasattr(data, "id"):
        return None
    kind = type(data).__name__.lower()  # the generated model: Job or Source
    return f"{kind} {data.id} {getattr(status, 'value', status)}"


def _stdout_console() -> Console:
    """The terminal's width on a terminal; elsewhere (a pipe, a CI log) wide, unless COLUMNS says
    otherwise, because rich's default of 80 columns folds every URL over several lines."""
    from rich.console import Console

    console = Console()
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(width=_PIPE_WIDTH)
    return console


def _progress_display(*, enabled: bool, phases: bool = False) -> Progress:
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
    columns: list[Any] = [
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=24),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    ]
    if phases:
        columns.append(TextColumn("{task.fields[phase]}"))
    return Progress(*columns, console=console, disable=not (enabled and console.is_interactive))


def _result_record(result: presignkit.UploadResult) -> dict[str, Any]:
    record: dict[str, Any] = {
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
    job = _job_outcome(result)
    if job is not None:
        kind, job_id, status = job.split(" ", 2)
        record[kind] = {"id": job_id, "status": status}
    return record


def _results_table(vendor: str, results: list[tuple[str, SourceOutcome]]) -> Table:
    """Readable at 80 columns: the file name folds, the id and size never do, the checksum is a
    prefix (--json has it whole) and URLs are printed below the table."""
    from rich.table import Table

    table = Table(title=f"Uploaded to {vendor}", title_justify="left")
    table.add_column("file", overflow="fold", ratio=1)
    table.add_column("asset id", no_wrap=True)
    table.add_column("size", justify="right", no_wrap=True)
    table.add_column("checksum", no_wrap=True)
    table.add_column("secs", justify="right", no_wrap=True)
    for name, outcome in results:
        result = outcome.result
        assert result is not None
        table.add_row(
            Path(name).name if name != "-" else "stdin",
            result.asset_id,
            f"{result.size:,}",
            f"{result.checksum.algorithm} {result.checksum.value[:_CHECKSUM_PREFIX]}"
            if result.checksum
            else "-",
            "done" if outcome.status == "already_uploaded" else f"{result.elapsed:.1f}",
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
