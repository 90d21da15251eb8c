"""The Python-side classifier on real code: edits to a vendor's effective spec, regenerated with the
pinned openapi-python-client, and edits to a copy of the facade, each with the class it must get.

Regeneration costs ~5-8 s per vendor, so the edits of one vendor that touch different operations
and models are applied together and regenerated once (one batch); each edit is then judged only
by the changes inside its own `scope` (spec pointers and Python paths it may touch).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest

from generator.documents import canonical_json
from generator.effective import EffectiveSpec
from generator.release.apidiff import compare_surfaces
from generator.release.changes import Change, Level, Side
from generator.release.compare import diff_trees
from generator.release.surface import public_surface
from generator.render import render_package

from .conftest import GENERATED, REPO, effective_spec

Spec = Any
BREAKING, FEATURE, FIX = Level.BREAKING, Level.FEATURE, Level.FIX


@attrs.frozen
class Case:
    name: str
    edit: Callable[[Spec], None]
    expected: Level  # the class of the whole edit: spec and Python changes in its scope together
    python: tuple[tuple[Level, str, str], ...]  # (level, path, message fragment) that must be found
    scope: tuple[str, ...]  # location prefixes that belong to this edit
    # Applied to both sides first; the old side is then regenerated too.
    base: Callable[[Spec], None] | None = None
    untouched: str = ""  # a Python name no change anywhere in the batch may mention


def schema(spec: Spec, name: str) -> Any:
    return spec["components"]["schemas"][name]


def operation(spec: Spec, path: str, method: str) -> Any:
    return spec["paths"][path][method]


def properties(spec: Spec, name: str) -> Any:
    return schema(spec, name)["properties"]


# --- Scripe ------------------------------------------------------------------------------------------


def scripe_get_job_gains_security(spec: Spec) -> None:
    operation(spec, "/jobs/{jobId}", "get")["security"] = [{"bearerAuth": []}]


def scripe_get_source_gains_202(spec: Spec) -> None:
    spec["components"]["schemas"]["SourcePending"] = {
        "type": "object",
        "required": ["retryAfterSeconds"],
        "properties": {"retryAfterSeconds": {"type": "integer"}},
    }
    operation(spec, "/sources/{sourceId}", "get")["responses"]["202"] = {
        "description": "Still being prepared.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SourcePending"}}},
    }


def scripe_header_case_rename(spec: Spec) -> None:
    spec["components"]["parameters"]["ScripeApiVersion"]["name"] = "scripe-api-version"


def scripe_widen_request_field(spec: Spec) -> None:
    properties(spec, "CreateUploadRequest")["maxSizeBytes"]["type"] = "number"


def scripe_required_request_field(spec: Spec) -> None:
    properties(spec, "CreateFileSourceRequest")["language"] = {"type": "string"}
    schema(spec, "CreateFileSourceRequest")["required"].append("language")


def scripe_optional_request_field(spec: Spec) -> None:
    properties(spec, "CreateTextSourceRequest")["language"] = {"type": "string"}


def scripe_nullable_response_field(spec: Spec) -> None:
    properties(spec, "Upload")["maxSizeBytes"]["type"] = ["integer", "null"]


def scripe_narrow_response_field(spec: Spec) -> None:
    properties(spec, "Source")["durationSeconds"]["type"] = ["integer", "null"]


def scripe_response_enum_value(spec: Spec) -> None:
    schema(spec, "JobStatus")["enum"].append("PAUSED")


GET_JOB = "presignkit_scripe.api.jobs.get_job"
GET_SOURCE = "presignkit_scripe.api.sources.get_source"
SCRIPE: list[Case] = [
    Case(
        "operation gains its own security: client narrowed",
        scripe_get_job_gains_security,
        BREAKING,
        tuple(
            (BREAKING, f"{GET_JOB}.{function}", "parameter `client` type narrowed")
            for function in ("sync", "sync_detailed", "asyncio", "asyncio_detailed")
        ),
        ("#/paths/~1jobs~1{jobId}/get", GET_JOB),
    ),
    Case(
        "new 202 with a new body widens the return type",
        scripe_get_source_gains_202,
        BREAKING,
        (
            (BREAKING, f"{GET_SOURCE}.sync", "return type widened"),
            (FEATURE, "presignkit_scripe.models.source_pending", "new public module"),
        ),
        (
            "#/paths/~1sources~1{sourceId}/get",
            GET_SOURCE,
            "#/components/schemas/SourcePending",
            "presignkit_scripe.models.source_pending",
            "presignkit_scripe.models.SourcePending",
        ),
    ),
    Case(
        "header renamed in case only",
        scripe_header_case_rename,
        FIX,
        (),
        ("#/components/parameters/ScripeApiVersion",),
        untouched="scripe_api_version",
    ),
    Case(
        "request field widened integer -> number",
        scripe_widen_request_field,
        FEATURE,
        (
            (
                FEATURE,
                "presignkit_scripe.models.CreateUploadRequest",
                "constructor: parameter `max_size_bytes` type widened",
            ),
        ),
        (
            "#/components/schemas/CreateUploadRequest",
            "presignkit_scripe.models.create_upload_request",
            "presignkit_scripe.models.CreateUploadRequest",
        ),
    ),
    Case(
        "required request field added",
        scripe_required_request_field,
        BREAKING,
        (
            (
                BREAKING,
                "presignkit_scripe.models.CreateFileSourceRequest",
                "constructor: required parameter `language` added",
            ),
        ),
        (
            "#/components/schemas/CreateFileSourceRequest",
            "presignkit_scripe.models.create_file_source_request",
            "presignkit_scripe.models.CreateFileSourceRequest",
        ),
    ),
    Case(
        "optional request field added",
        scripe_optional_request_field,
        FEATURE,
        (
            (
                FEATURE,
                "presignkit_scripe.models.CreateTextSourceRequest",
                "constructor: optional parameter `language` added",
            ),
        ),
        (
            "#/components/schemas/CreateTextSourceRequest",
            "presignkit_scripe.models.create_text_source_request",
            "presignkit_scripe.models.CreateTextSourceRequest",
        ),
    ),
    Case(
        "response field becomes nullable",
        scripe_nullable_response_field,
        BREAKING,  # the spec side: readers get None they did not expect
        (
            (
                FEATURE,
                "presignkit_scripe.models.Upload",
                "constructor: parameter `max_size_bytes` type widened",
            ),
        ),
        ("#/components/schemas/Upload", "presignkit_scripe.models.upload", "presignkit_scripe.models.Upload"),
    ),
    Case(
        "response field narrowed number -> integer",
        scripe_narrow_response_field,
        BREAKING,
        (
            (
                BREAKING,
                "presignkit_scripe.models.Source",
                "constructor: parameter `duration_seconds` type narrowed",
            ),
        ),
        ("#/components/schemas/Source", "presignkit_scripe.models.source", "presignkit_scripe.models.Source"),
    ),
    Case(
        "response enum value added",
        scripe_response_enum_value,
        BREAKING,  # the spec side: the generated enum rejects values it does not know
        ((FEATURE, "presignkit_scripe.models.JobStatus.PAUSED", "new public attribute"),),
        (
            "#/components/schemas/JobStatus",
            "presignkit_scripe.models.job_status",
            "presignkit_scripe.models.JobStatus",
        ),
    ),
]

# --- Streamloop ----------------------------------------------------------------------------------------


def streamloop_two_path_parameters(spec: Spec) -> None:
    item = spec["paths"].pop("/uploads/{id}")
    item["get"]["parameters"].insert(
        0, {"name": "region", "in": "path", "required": True, "schema": {"type": "string"}}
    )
    spec["paths"]["/uploads/{id}/regions/{region}"] = item


def streamloop_swap_path_parameters(spec: Spec) -> None:
    spec["paths"]["/regions/{region}/uploads/{id}"] = spec["paths"].pop("/uploads/{id}/regions/{region}")


def streamloop_workspace_required(spec: Spec) -> None:
    spec["components"]["parameters"]["WorkspaceId"]["required"] = True


def streamloop_remove_optional_request_field(spec: Spec) -> None:
    del properties(spec, "CreateS3ObjectInput")["orientation"]


GET_UPLOAD = "presignkit_streamloop.api.uploads.get_upload"
STREAMLOOP: list[Case] = [
    Case(
        "path parameters swapped: positional order changed",
        streamloop_swap_path_parameters,
        BREAKING,
        (
            (BREAKING, f"{GET_UPLOAD}.sync", "parameter `id` moved from position 0 to 1"),
            (BREAKING, f"{GET_UPLOAD}.sync", "parameter `region` moved from position 1 to 0"),
        ),
        (
            "#/paths/~1uploads~1{id}~1regions~1{region}",
            "#/paths/~1regions~1{region}~1uploads~1{id}",
            GET_UPLOAD,
        ),
        base=streamloop_two_path_parameters,
    ),
    Case(
        "shared header parameter becomes required",
        streamloop_workspace_required,
        BREAKING,
        (
            (
                BREAKING,
                "presignkit_streamloop.api.uploads.create_upload.sync",
                "parameter `x_workspace_id` is now required",
            ),
        ),
        (
            "#/components/parameters/WorkspaceId",
            "presignkit_streamloop.api.uploads.create_upload",
            "presignkit_streamloop.api.uploads.complete_upload",
            "presignkit_streamloop.api.uploads.generate_upload_url",
        ),
    ),
    Case(
        "optional request field removed",
        streamloop_remove_optional_request_field,
        BREAKING,
        (
            (
                BREAKING,
                "presignkit_streamloop.models.CreateUploadRequest",
                "constructor: parameter `orientation` removed",
            ),
        ),
        (
            "#/components/schemas/CreateS3ObjectInput",
            "presignkit_streamloop.models.create_upload_request",
            "presignkit_streamloop.models.CreateUploadRequest",
        ),
    ),
]

# --- Loops ------------------------------------------------------------------------------------------------


def loops_rename_path_parameter(spec: Spec) -> None:
    item = spec["paths"].pop("/v1/uploads/{emailAssetId}/complete")
    for parameter in item["post"].get("parameters", []) + item.get("parameters", []):
        if parameter.get("name") == "emailAssetId":
            parameter["name"] = "assetId"
    spec["paths"]["/v1/uploads/{assetId}/complete"] = item


def loops_202_with_known_body(spec: Spec) -> None:
    responses = operation(spec, "/v1/uploads", "post")["responses"]
    responses["202"] = {**responses["200"], "description": "Accepted."}


LOOPS: list[Case] = [
    Case(
        "path parameter renamed",
        loops_rename_path_parameter,
        BREAKING,
        (
            (
                BREAKING,
                "presignkit_loops.api.uploads.complete_upload.sync",
                "parameter `email_asset_id` removed",
            ),
            (
                BREAKING,
                "presignkit_loops.api.uploads.complete_upload.sync",
                "required parameter `asset_id` added",
            ),
        ),
        (
            "#/paths/~1v1~1uploads~1{emailAssetId}~1complete",
            "#/paths/~1v1~1uploads~1{assetId}~1complete",
            "presignkit_loops.api.uploads.complete_upload",
        ),
    ),
    Case(
        "new 202 whose body type is already returned",
        loops_202_with_known_body,
        FEATURE,  # the return type is unchanged, only the spec gains a status
        (),
        ("#/paths/~1v1~1uploads/post", "presignkit_loops.api.uploads.create_upload"),
    ),
]

# --- Flare ------------------------------------------------------------------------------------------------


def flare_list_videos_loses_error_statuses(spec: Spec) -> None:
    responses = operation(spec, "/api/videos", "get")["responses"]
    for status in [s for s in responses if s != "200"]:
        del responses[status]


def flare_request_field_other_type(spec: Spec) -> None:
    properties(spec, "CreateVideoRequest")["width"] = {"type": "string"}


def flare_optional_query_parameter(spec: Spec) -> None:
    presign = operation(spec, "/api/video/upload/presign", "post")
    presign.setdefault("parameters", []).append(
        {"name": "expiresIn", "in": "query", "schema": {"type": "integer"}}
    )


LIST_VIDEOS = "presignkit_flare.api.videos.list_videos"
FLARE: list[Case] = [
    Case(
        "error statuses removed: return type narrowed",
        flare_list_videos_loses_error_statuses,
        BREAKING,  # the spec side: a status the client parsed is gone
        (
            (
                FEATURE,
                f"{LIST_VIDEOS}.sync",
                "return type narrowed: FlareError | VideoList | None -> VideoList | None",
            ),
        ),
        ("#/paths/~1api~1videos/get", LIST_VIDEOS),
    ),
    Case(
        "request field changes to an unrelated type",
        flare_request_field_other_type,
        BREAKING,
        (
            (
                BREAKING,
                "presignkit_flare.models.CreateVideoRequest",
                "constructor: parameter `width` type changed",
            ),
        ),
        (
            "#/components/schemas/CreateVideoRequest",
            "presignkit_flare.models.create_video_request",
            "presignkit_flare.models.CreateVideoRequest",
        ),
    ),
    Case(
        "optional query parameter added",
        flare_optional_query_parameter,
        FEATURE,
        (
            (
                FEATURE,
                "presignkit_flare.api.uploads.presign_video_upload.sync",
                "optional parameter `expires_in` added",
            ),
        ),
        ("#/paths/~1api~1video~1upload~1presign/post", "presignkit_flare.api.uploads.presign_video_upload"),
    ),
]

BATCHES = {"scripe": SCRIPE, "streamloop": STREAMLOOP, "loops": LOOPS, "flare": FLARE}


def _render(vendor: str, spec: Spec, tree: Path) -> None:
    package = f"presignkit_{vendor}"
    render_package(
        EffectiveSpec(vendor, spec, canonical_json(spec)), tree / "generated" / package, tree / "work"
    )
    (tree / "presignkit").mkdir(exist_ok=True)
    (tree / "presignkit" / "__init__.py").touch()


def _copy_committed(vendor: str, tree: Path) -> None:
    package = f"presignkit_{vendor}"
    shutil.copytree(
        GENERATED / package, tree / "generated" / package, ignore=shutil.ignore_patterns("__pycache__")
    )
    (tree / "presignkit").mkdir(exist_ok=True)
    (tree / "presignkit" / "__init__.py").touch()


@pytest.fixture(scope="module", params=list(BATCHES))
def batch(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, list[Change]]:
    """One vendor's edits applied together, regenerated once, diffed against the unedited code."""
    vendor: str = request.param
    cases = BATCHES[vendor]
    old, new = effective_spec(vendor), effective_spec(vendor)
    bases = [case.base for case in cases if case.base is not None]
    for base in bases:
        base(old)
        base(new)
    for case in cases:
        case.edit(new)
    home = tmp_path_factory.mktemp(f"classify-{vendor}")
    if bases:
        _render(vendor, old, home / "old")
    else:
        _copy_committed(vendor, home / "old")  # the committed package is the unedited spec's regeneration
    _render(vendor, new, home / "new")
    diff = diff_trees(home / "old", home / "new", "base")
    return vendor, list(diff.all_changes())


def _in_scope(change: Change, scope: Sequence[str]) -> bool:
    return any(change.location == s or change.location.startswith((s + "/", s + ".")) for s in scope)


def test_each_edit_gets_its_class_on_regenerated_code(batch: tuple[str, list[Change]]) -> None:
    vendor, changes = batch
    claimed: set[Change] = set()
    for case in BATCHES[vendor]:
        mine = [c for c in changes if _in_scope(c, case.scope)]
        claimed.update(mine)
        described = [(c.level.label, c.side.value, c.location, c.message) for c in mine]
        assert mine, f"{case.name}: the edit was not noticed"
        assert max(c.level for c in mine) is case.expected, (case.name, described)
        for level, path, fragment in case.python:
            assert any(
                c.side is Side.PYTHON and c.level is level and c.location == path and fragment in c.message
                for c in mine
            ), (case.name, level, path, fragment, described)
        if case.untouched:
            assert not [c for c in changes if case.untouched in c.message + c.location], case.name
    unexplained = [(c.level.label, c.location, c.message) for c in changes if c not in claimed]
    assert unexplained == [], "changes no edit of the batch accounts for"


# --- The facade: edits to a copy of presignkit/ (no regeneration needed) -------------------------------


@attrs.frozen
class FacadeCase:
    name: str
    module: str  # file under presignkit/ expected to hold `old` (searched for if it moved)
    old: str  # text replaced exactly once
    new: str
    expected: Level | None  # None: no change to the public API at all
    location: str | None = None
    fragment: str = ""


INTERNAL_HELPER = "\ndef brand_new_internal_helper() -> None:\n    pass\n\n\ndef "
WITH_IMPORT = "from presignkit.retry import RetryPolicy, retry_after_seconds"
FACADE_CASES = [
    FacadeCase(
        "new optional keyword on presignkit.upload",
        "uploader.py",
        "    retry: RetryPolicy | None = None,\n) -> UploadResult:",
        "    retry: RetryPolicy | None = None,\n    verify: bool = False,\n) -> UploadResult:",
        FEATURE,
        "presignkit.upload",
        "optional parameter `verify` added",
    ),
    FacadeCase(
        "new required keyword on presignkit.upload",
        "uploader.py",
        "    retry: RetryPolicy | None = None,\n) -> UploadResult:",
        "    retry: RetryPolicy | None = None,\n    verify: bool,\n) -> UploadResult:",
        BREAKING,
        "presignkit.upload",
        "required parameter `verify` added",
    ),
    FacadeCase(
        "parameter type narrowed",
        "uploader.py",
        "    vendor: VendorSettings | str,",
        "    vendor: VendorSettings,",
        BREAKING,
        "presignkit.upload",
        "parameter `vendor` type narrowed: VendorSettings | str -> VendorSettings",
    ),
    FacadeCase(
        "parameter type widened",
        "uploader.py",
        "    vendor: VendorSettings | str,",
        "    vendor: VendorSettings | str | None,",
        FEATURE,
        "presignkit.upload",
        "parameter `vendor` type widened",
    ),
    FacadeCase(
        "parameter type changed to an unrelated one",
        "limits.py",
        "def vendor_info(name: str)",
        "def vendor_info(name: bytes)",
        BREAKING,
        "presignkit.vendor_info",
        "parameter `name` type changed: str -> bytes",
    ),
    FacadeCase(
        "return type widened",
        "limits.py",
        "def vendor_names() -> tuple[str, ...]:",
        "def vendor_names() -> tuple[str, ...] | None:",
        BREAKING,
        "presignkit.vendor_names",
        "return type widened",
    ),
    FacadeCase(
        "positional parameter made keyword-only",
        "limits.py",
        "def vendor_info(name: str)",
        "def vendor_info(*, name: str)",
        BREAKING,
        "presignkit.vendor_info",
        "positional-or-keyword -> keyword-only",
    ),
    FacadeCase(
        "default removed",
        "retry.py",
        "max_attempts: int = attrs.field(default=DEFAULT_MAX_ATTEMPTS)",
        "max_attempts: int = attrs.field()",
        BREAKING,
        "presignkit.RetryPolicy",
        "constructor: parameter `max_attempts` is now required",
    ),
    FacadeCase(
        "attrs fields reordered",
        "uploader.py",
        "    vendor: str\n    asset_id: str",
        "    asset_id: str\n    vendor: str",
        BREAKING,
        "presignkit.UploadResult",
        "constructor: parameter `vendor` moved from position 0 to 1",
    ),
    FacadeCase(
        "internal module changed",
        "redact.py",
        "\ndef ",
        INTERNAL_HELPER,
        None,
    ),
    FacadeCase(
        "name merely imported into the package",
        "__init__.py",
        "from presignkit.retry import RetryPolicy",
        "from presignkit.retry import RetryPolicy, retry_after_seconds",
        None,
    ),
]


def _facade_copy(root: Path, case: FacadeCase | None) -> Path:
    shutil.copytree(REPO / "presignkit", root / "presignkit", ignore=shutil.ignore_patterns("__pycache__"))
    if case is not None:
        path = _holding(root / "presignkit", case)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(case.old, case.new, 1), encoding="utf-8")
    return root


def _holding(package: Path, case: FacadeCase) -> Path:
    """The facade file with the text to edit: `case.module` first, else wherever it moved to."""
    hinted = package / case.module
    if hinted.is_file() and case.old in hinted.read_text(encoding="utf-8"):
        return hinted
    found = sorted(p for p in package.rglob("*.py") if case.old in p.read_text(encoding="utf-8"))
    assert found, f"{case.name}: {case.old!r} is nowhere in the facade"
    return found[0]


@pytest.fixture(scope="module")
def facade_before(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return public_surface("presignkit", _facade_copy(tmp_path_factory.mktemp("facade-before"), None))


@pytest.mark.parametrize("case", FACADE_CASES, ids=[c.name for c in FACADE_CASES])
def test_facade_edit_gets_its_class(case: FacadeCase, facade_before: dict[str, Any], tmp_path: Path) -> None:
    after = public_surface("presignkit", _facade_copy(tmp_path, case))
    changes = compare_surfaces(facade_before, after)
    described = [(c.level.label, c.location, c.message) for c in changes]
    if case.expected is None:
        assert changes == [], described
        return
    assert max(c.level for c in changes) is case.expected, described
    assert any(c.location == case.location and case.fragment in c.message for c in changes), described


def test_a_name_added_to_all_is_a_feature(facade_before: dict[str, Any], tmp_path: Path) -> None:
    root = _facade_copy(tmp_path, None)
    init = root / "presignkit" / "__init__.py"
    text = init.read_text(encoding="utf-8")
    text = text.replace(
        "from presignkit.retry import RetryPolicy",
        "from presignkit.retry import RetryPolicy, retry_after_seconds",
    )
    init.write_text(text.replace("__all__ = [", '__all__ = [\n    "retry_after_seconds",'), encoding="utf-8")
    changes = compare_surfaces(facade_before, public_surface("presignkit", root))
    assert [(c.level, c.location) for c in changes] == [(FEATURE, "presignkit.retry_after_seconds")]


def test_the_facade_surface_is_all_and_the_sandbox_only() -> None:
    surface = public_surface("presignkit", REPO)
    modules = sorted(path for path, obj in surface.items() if obj.kind == "module")
    assert modules == ["presignkit", "presignkit.sandbox"]
    assert not [path for path in surface if ".redact" in path or ".readahead" in path]
    assert {p.rsplit(".", 1)[-1] for p in surface if p.count(".") == 1 and p.startswith("presignkit.")} >= {
        "upload",
        "Uploader",
        "RetryPolicy",
    }


def test_generated_modules_export_what_they_define_not_what_they_import() -> None:
    surface = public_surface("presignkit_scripe", GENERATED)
    assert f"{GET_JOB}.sync" in surface
    assert f"{GET_JOB}.AuthenticatedClient" not in surface  # imported there, defined in client.py
    assert "presignkit_scripe.AuthenticatedClient" in surface  # re-exported by __all__
    assert not [path for path in surface if path.rsplit(".", 1)[-1].startswith("_")]


def test_spec_header_rename_in_case_only_is_a_fix() -> None:
    from generator.release.specdiff import compare_specs

    old, new = effective_spec("scripe"), effective_spec("scripe")
    scripe_header_case_rename(new)
    assert [(c.level, c.location) for c in compare_specs(old, new)] == [
        (FIX, "#/components/parameters/ScripeApiVersion/name")
    ]
    json.dumps(new)  # still a JSON document
