"""`import presignkit` must stay cheap: the heavy parts load on first use."""

from __future__ import annotations

import subprocess
import sys


def test_import_loads_no_generated_client_tenacity_or_anyio() -> None:
    code = (
        "import sys, presignkit; heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('tenacity', 'anyio', 'presignkit_loops', 'presignkit_streamloop', 'presignkit_flare', "
        "'presignkit_scripe') or m in ('presignkit.drivers', 'presignkit.transfer', "
        "'presignkit.vendors.loops.workflow'));"
        "print(','.join(heavy))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == ""
