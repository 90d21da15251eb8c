"""The scheduled refresh workflow: what it runs, when, and that secrets reach it only as environment."""

from __future__ import annotations

import re
from typing import Any

from generator.documents import load_document

from .conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "refresh.yml"


def _workflow() -> Any:
    return load_document(WORKFLOW)


def _runs(job: Any) -> list[str]:
    return [str(step["run"]) for step in job["steps"] if "run" in step]


def test_runs_weekly_and_on_demand() -> None:
    triggers = _workflow()["on"]
    [schedule] = triggers["schedule"]
    _minute, _hour, day_of_month, month, day_of_week = schedule["cron"].split()
    assert (day_of_month, month) == ("*", "*") and day_of_week.isdigit()  # once a week
    assert "workflow_dispatch" in triggers


def test_the_scheduled_job_opens_a_pull_request_from_refresh_in_pr_mode() -> None:
    job = _workflow()["jobs"]["refresh"]
    [refresh] = [run for run in _runs(job) if "nox -s refresh" in run]
    assert '--mode "$MODE"' in refresh
    mode_step = next(step for step in job["steps"] if "nox -s refresh" in str(step.get("run")))
    assert mode_step["env"]["MODE"] == "${{ inputs.mode || 'pr' }}"  # the schedule has no inputs: pr
    assert any("gh pr create" in run and "--body-file" in run for run in _runs(job))


def test_a_merged_release_commit_is_published() -> None:
    workflow = _workflow()
    assert workflow["on"]["push"]["branches"] == ["main"]
    job = workflow["jobs"]["publish"]
    assert "release: v" in job["if"]
    assert any("nox -s release -- --publish-head" in run for run in _runs(job))


def test_secrets_only_from_the_environment() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    for job in _workflow()["jobs"].values():
        for step in job["steps"]:
            assert "secrets." not in str(step.get("run", "")), step  # never on a command line
    used = set(re.findall(r"secrets\.(\w+)", text))
    assert used == {"PRESIGNKIT_INDEX_URL", "PRESIGNKIT_INDEX_USERNAME", "PRESIGNKIT_INDEX_PASSWORD"}
    for match in re.finditer(r"^\s+(\w+): \$\{\{ secrets\.(\w+) \}\}$", text, re.MULTILINE):
        assert match.group(1) == match.group(2)  # passed under its own name, as an env variable
