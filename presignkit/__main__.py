"""`python -m presignkit ...` runs the command line, as the `presignkit` script (`run`) does."""

import importlib.util
import sys

CLI_INSTALL_HINT = "pip install 'presignkit[cli]'"
_CLI_PACKAGES = ("click", "rich")


def run() -> None:
    """The command line, or one `error:` line saying how to get it when the cli extra is missing.

    Checked with find_spec (no import), so a present extra costs nothing here."""
    missing = [name for name in _CLI_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        sys.exit(
            f"error: the presignkit command needs the cli extra ({', '.join(missing)} not installed): "
            f"{CLI_INSTALL_HINT}"
        )
    from presignkit.cli import main

    main()


if __name__ == "__main__":
    run()
