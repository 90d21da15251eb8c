"""`presignkit sandbox`: serve the sandbox until interrupted, printing what a client needs.

    $ eval "$(presignkit sandbox --fault loops.completeUpload:fail=2,status=425 &)"

The first lines on stdout are `export NAME=value` lines (base URLs and working keys), so a shell
can take them over; the sandbox then serves until SIGINT or SIGTERM and exits 0.
"""

from __future__ import annotations

import shlex
import signal
import threading
from types import FrameType

import click

from presignkit.sandbox.fault_plan import FAULT_SPEC_HELP, FaultPlan, FaultSpecError


def _fault_plan(ctx: click.Context, param: click.Parameter, specs: tuple[str, ...]) -> FaultPlan:
    try:
        return FaultPlan.from_specs(specs)
    except FaultSpecError as error:
        raise click.BadParameter(str(error), ctx=ctx, param=param) from None


# "\b" keeps click from rewrapping the aligned syntax table.
@click.command("sandbox", epilog="\b\n" + FAULT_SPEC_HELP)
@click.option(
    "--fault",
    "faults",
    multiple=True,
    metavar="SPEC",
    callback=_fault_plan,
    help="Inject a fault, e.g. store.put:fail=2,status=503 (repeatable; syntax below).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface both servers bind.")
@click.option(
    "--api-port", type=click.IntRange(0, 65535), default=0, show_default=True, help="0: a free port."
)
@click.option(
    "--store-port", type=click.IntRange(0, 65535), default=0, show_default=True, help="0: a free port."
)
def sandbox_command(faults: FaultPlan, host: str, api_port: int, store_port: int) -> None:
    """Run local stand-ins for every vendor and their object store until interrupted."""
    # Imported here so `presignkit --help` works without the sandbox extra.
    from presignkit.sandbox.sandbox import Sandbox
    from presignkit.sandbox.serving import ServerStartError

    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        try:
            sandbox = Sandbox(host=host, api_port=api_port, store_port=store_port, faults=faults)
        except FaultSpecError as error:  # a route no server of the sandbox serves
            raise click.BadParameter(str(error), param_hint="'--fault'") from None
        try:
            sandbox.start()
        except (OSError, ServerStartError) as error:
            raise click.ClickException(f"cannot start the sandbox on {host}: {error}") from error
        try:
            for name, value in sandbox.env().items():
                click.echo(f"export {name}={shlex.quote(value)}")
            for vendor in sandbox.api.stand_ins:
                for name, value in sandbox.alternative_credentials(vendor).items():
                    click.echo(f"# {vendor}, instead of the key above: export {name}={shlex.quote(value)}")
            click.echo(f"# object store: {sandbox.store_url}; stop with Ctrl-C")
            while not stop.wait(0.5):
                pass
        finally:
            sandbox.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":
    sandbox_command()
