"""A run killed with SIGKILL at a random point, then the same command again: every file delivered
exactly once, for each vendor. The command runs in a subprocess against the sandbox this test
started; the journal is the only thing carried from one run to the next.

The kill point is random (a number of finished files, then a random delay); its seed is printed,
so a failure can be replayed with PRESIGNKIT_CRASH_SEED."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from presignkit.journal import Journal
from presignkit.sandbox.sandbox import Sandbox
from tests.many.conftest import VENDORS, assert_exactly_once

FILES = 12
# Vendors whose creates carry our derived idempotency keys: a killed create is replayed, not
# repeated, so they end with exactly one record per file.
KEYED = ("streamloop", "scripe")


@pytest.mark.parametrize("vendor", VENDORS)
def test_killed_run_resumes_without_duplicates_or_losses(
    presignkit_sandbox: Sandbox, make_files: Callable[..., list[Path]], tmp_path: Path, vendor: str
) -> None:
    seed = int(os.environ.get("PRESIGNKIT_CRASH_SEED", random.randrange(1 << 30)))
    print(f"PRESIGNKIT_CRASH_SEED={seed}")
    chance = random.Random(seed)
    paths = make_files(vendor, FILES)
    journal = tmp_path / "upload.journal"
    presignkit_sandbox.faults.add_latency("store.put", 0.05)  # so that the kill lands mid-run
    env = {**os.environ, **presignkit_sandbox.env()}
    command = [sys.executable, "-m", "presignkit", "upload", str(paths[0].parent), "--recursive"]
    command += ["--vendor", vendor, "--journal", str(journal), "--json", "--concurrency", "4"]

    killed = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert killed.stdout is not None
    for _ in range(chance.randrange(FILES // 2)):
        if not killed.stdout.readline():
            break
    time.sleep(chance.uniform(0, 0.15))
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    with Journal(journal) as opened:
        completed_before = opened.summary().completed

    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    *records, summary = [json.loads(line) for line in rerun.stdout.splitlines()]
    statuses = [r["status"] for r in records]
    assert statuses.count("already_uploaded") == completed_before  # what the killed run finished
    assert statuses.count("uploaded") + statuses.count("already_uploaded") == FILES
    assert_exactly_once(presignkit_sandbox, vendor, paths)
    if vendor in KEYED:
        assert len(presignkit_sandbox.assets(vendor)) == FILES
    # A record left behind is named (in the JSON and the journal), and never one that delivered.
    named = {o["record"] for o in summary["summary"].get("orphaned_records", [])}
    with Journal(journal) as opened:
        assert named == {record for _, record in opened.summary().orphans}
        assert opened.summary().completed == FILES
    assert named <= set(presignkit_sandbox.assets(vendor))


def test_ctrl_c_stops_and_the_same_command_resumes(
    presignkit_sandbox: Sandbox, make_files: Callable[..., list[Path]], tmp_path: Path
) -> None:
    paths = make_files("streamloop", 8)
    journal = tmp_path / "upload.journal"
    presignkit_sandbox.faults.add_latency("store.put", 0.2)
    env = {**os.environ, **presignkit_sandbox.env()}
    command = [sys.executable, "-m", "presignkit", "upload", *map(str, paths), "--vendor", "streamloop"]
    command += ["--journal", str(journal), "--json", "--concurrency", "2"]
    interrupted = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert interrupted.stdout is not None
    interrupted.stdout.readline()  # one file done, others in flight
    interrupted.send_signal(signal.SIGINT)
    _out, err = interrupted.communicate(timeout=60)
    assert interrupted.returncode == 130, err
    assert "run the same command again to resume" in err and err.rstrip().endswith("error: interrupted")
    presignkit_sandbox.faults.clear()
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(rerun.stdout.splitlines()[-1])["summary"]["already_uploaded"] >= 1
    assert len(presignkit_sandbox.assets("streamloop")) == 8
    assert_exactly_once(presignkit_sandbox, "streamloop", paths)
