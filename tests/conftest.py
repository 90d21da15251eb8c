"""Suite-wide settings."""

from __future__ import annotations

import os

from hypothesis import settings

# Where CI is set (GitHub Actions and .ci/run set it), hypothesis draws the same examples on every
# run, so a red build always names a failure that reproduces; locally each run explores anew and
# keeps what it found in .hypothesis/.
settings.register_profile("ci", derandomize=True, print_blob=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
