"""Each edit applied to a copy of a real effective spec, with the class it must get and the bump."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from generator.release.changes import Level
from generator.release.specdiff import compare_specs
from generator.release.specwalk import Direction, schema_directions
from generator.release.versioning import Version, bump_name, next_version

from .conftest import effective_spec

Spec = Any
Edit = Callable[[Spec], None]
BREAKING, FEATURE, FIX = Level.BREAKING, Level.FEATURE, Level.FIX


def schema(spec: Spec, name: str) -> Any:
    return spec["components"]["schemas"][name]


def get_job(spec: Spec) -> Any:
    return spec["paths"]["/jobs/{jobId}"]["get"]


def remove_operation(spec: Spec) -> None:
    del spec["paths"]["/jobs/{jobId}"]


def add_operation(spec: Spec) -> None:
    spec["paths"]["/jobs"] = {
        "get": {
            "operationId": "listJobs",
            "tags": ["jobs"],
            "responses": {
                "200": {
                    "description": "The jobs.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobSingle"}}},
                }
            },
        }
    }


def remove_path_parameter(spec: Spec) -> None:
    operation = spec["paths"]["/sources/{sourceId}"]["get"]
    operation["parameters"] = [p for p in operation["parameters"] if p.get("name") != "sourceId"]


def add_optional_query_parameter(spec: Spec) -> None:
    get_job(spec)["parameters"].append({"name": "verbose", "in": "query", "schema": {"type": "boolean"}})


def add_required_query_parameter(spec: Spec) -> None:
    parameter = {"name": "verbose", "in": "query", "required": True, "schema": {"type": "boolean"}}
    get_job(spec)["parameters"].append(parameter)


def make_parameter_required(spec: Spec) -> None:
    next(p for p in get_job(spec)["parameters"] if p.get("name") == "wait_for_completion_ms")["required"] = (
        True
    )


def add_required_request_property(spec: Spec) -> None:
    schema(spec, "CreateUploadRequest")["properties"]["purpose"] = {"type": "string"}
    schema(spec, "CreateUploadRequest")["required"].append("purpose")


def add_optional_request_property(spec: Spec) -> None:
    schema(spec, "CreateUploadRequest")["properties"]["purpose"] = {"type": "string"}


def make_request_property_optional(spec: Spec) -> None:
    schema(spec, "CreateUploadRequest")["required"].remove("contentType")


def remove_response_property(spec: Spec) -> None:
    del schema(spec, "Upload")["properties"]["expiresAt"]
    schema(spec, "Upload")["required"].remove("expiresAt")


def add_response_property(spec: Spec) -> None:
    schema(spec, "Upload")["properties"]["checksum"] = {"type": "string"}


def make_response_property_optional(spec: Spec) -> None:
    schema(spec, "Upload")["required"].remove("expiresAt")


def narrow_type(spec: Spec) -> None:
    schema(spec, "Source")["properties"]["durationSeconds"]["type"] = ["integer", "null"]


def widen_request_type(spec: Spec) -> None:
    schema(spec, "CreateUploadRequest")["properties"]["maxSizeBytes"]["type"] = "number"


def make_response_nullable(spec: Spec) -> None:
    schema(spec, "Upload")["properties"]["maxSizeBytes"]["type"] = ["integer", "null"]


def remove_request_enum_value(spec: Spec) -> None:
    content_type = schema(spec, "CreateUploadRequest")["properties"]["contentType"]
    content_type["enum"].remove("image/webp")
    content_type["x-enum-varnames"].remove("WEBP")


def add_request_enum_value(spec: Spec) -> None:
    content_type = schema(spec, "CreateUploadRequest")["properties"]["contentType"]
    content_type["enum"].append("image/avif")
    content_type["x-enum-varnames"].append("AVIF")


def rename_enum_member(spec: Spec) -> None:
    schema(spec, "CreateUploadRequest")["properties"]["contentType"]["x-enum-varnames"][0] = "JPG"


def add_response_enum_value(spec: Spec) -> None:
    schema(spec, "JobStatus")["enum"].append("PAUSED")


def add_response_inline_enum_value(spec: Spec) -> None:
    schema(spec, "S3Object")["properties"]["type"]["enum"].append("document")


def add_response_union_member(spec: Spec) -> None:
    response = spec["paths"]["/sources"]["post"]["responses"]["200"]
    response["content"]["application/json"]["schema"]["oneOf"].append(
        {"$ref": "#/components/schemas/UploadSingle"}
    )


def add_request_union_member(spec: Spec) -> None:
    schema(spec, "CreateSourceRequest")["oneOf"].append({"$ref": "#/components/schemas/CreateUploadRequest"})


def remove_model(spec: Spec) -> None:
    del schema(spec, "Topic")["properties"]["hooks"]
    del spec["components"]["schemas"]["Hook"]


def add_model(spec: Spec) -> None:
    spec["components"]["schemas"]["Webhook"] = {"type": "object", "properties": {"url": {"type": "string"}}}


def rename_operation_id(spec: Spec) -> None:
    get_job(spec)["operationId"] = "readJob"


def change_first_tag(spec: Spec) -> None:
    get_job(spec)["tags"] = ["polling"]


def change_description(spec: Spec) -> None:
    schema(spec, "Upload")["properties"]["id"]["description"] = "The upload's id."


def change_summary(spec: Spec) -> None:
    get_job(spec)["summary"] = "Poll an async job"


def change_example(spec: Spec) -> None:
    schema(spec, "CreateUploadRequest")["properties"]["contentType"]["examples"] = ["video/mp4"]


def add_response_status(spec: Spec) -> None:
    get_job(spec)["responses"]["409"] = {"$ref": "#/components/responses/IdempotencyKeyConflict"}


def remove_response_status(spec: Spec) -> None:
    del get_job(spec)["responses"]["403"]


def change_typed_format(spec: Spec) -> None:
    schema(spec, "Upload")["properties"]["expiresAt"]["format"] = "date"


def change_untyped_response_format(spec: Spec) -> None:
    schema(spec, "Upload")["properties"]["uploadUrl"]["format"] = "uri-reference"


def retitle_model(spec: Spec) -> None:
    schema(spec, "Upload")["title"] = "UploadTicket"


def title_on_plain_property(spec: Spec) -> None:
    schema(spec, "Upload")["properties"]["id"]["title"] = "Upload id"


def tighten_request_minimum(spec: Spec) -> None:
    schema(spec, "CreateUploadRequest")["properties"]["maxSizeBytes"]["minimum"] = 1024


def loosen_request_minimum(spec: Spec) -> None:
    del schema(spec, "CreateUploadRequest")["properties"]["maxSizeBytes"]["minimum"]


def tighten_response_constraint(spec: Spec) -> None:
    schema(spec, "Job")["properties"]["attemptCount"]["maximum"] = 10


def change_servers(spec: Spec) -> None:
    spec["servers"] = [{"url": "https://eu.api.scripe.io/v1"}]


def make_request_body_optional(spec: Spec) -> None:
    spec["paths"]["/uploads"]["post"]["requestBody"]["required"] = False


def change_shared_parameter(spec: Spec) -> None:
    spec["components"]["parameters"]["IdempotencyKey"]["required"] = True


def change_response_headers(spec: Spec) -> None:
    spec["components"]["headers"]["RetryAfter"]["schema"] = {"type": "number"}


def streamloop_request_enum(spec: Spec) -> None:
    schema(spec, "CreateS3ObjectInput")["properties"]["type"]["enum"].append("document")


def flare_remove_operation(spec: Spec) -> None:
    del spec["paths"]["/api/videos"]


# (id, vendor, edit, expected class, expected bump at 0.x, expected bump at >= 1.0)
CASES: list[tuple[str, str, Edit, Level]] = [
    ("remove operation", "scripe", remove_operation, BREAKING),
    ("remove operation (flare)", "flare", flare_remove_operation, BREAKING),
    ("add operation", "scripe", add_operation, FEATURE),
    ("remove path parameter", "scripe", remove_path_parameter, BREAKING),
    ("add optional query parameter", "scripe", add_optional_query_parameter, FEATURE),
    ("add required query parameter", "scripe", add_required_query_parameter, BREAKING),
    ("make optional parameter required", "scripe", make_parameter_required, BREAKING),
    ("make shared header parameter required", "scripe", change_shared_parameter, BREAKING),
    ("add required request property", "scripe", add_required_request_property, BREAKING),
    ("add optional request property", "scripe", add_optional_request_property, FEATURE),
    ("make request property optional", "scripe", make_request_property_optional, FEATURE),
    ("make request body optional", "scripe", make_request_body_optional, FEATURE),
    ("remove response property", "scripe", remove_response_property, BREAKING),
    ("add response property", "scripe", add_response_property, FEATURE),
    ("make response property optional", "scripe", make_response_property_optional, BREAKING),
    ("narrow type number -> integer", "scripe", narrow_type, BREAKING),
    ("widen request type integer -> number", "scripe", widen_request_type, FEATURE),
    ("response type list gains null", "scripe", make_response_nullable, BREAKING),
    ("remove request enum value", "loops", remove_request_enum_value, BREAKING),
    ("add request enum value", "loops", add_request_enum_value, FEATURE),
    ("add request enum value (streamloop)", "streamloop", streamloop_request_enum, FEATURE),
    ("rename enum member via x-enum-varnames", "loops", rename_enum_member, BREAKING),
    ("add response enum value (component)", "scripe", add_response_enum_value, BREAKING),
    ("add response enum value (inline)", "streamloop", add_response_inline_enum_value, BREAKING),
    ("add response union member", "scripe", add_response_union_member, BREAKING),
    ("add request union member", "scripe", add_request_union_member, FEATURE),
    ("remove model", "scripe", remove_model, BREAKING),
    ("add model", "scripe", add_model, FEATURE),
    ("rename operationId", "scripe", rename_operation_id, BREAKING),
    ("change first tag", "scripe", change_first_tag, BREAKING),
    ("description change", "scripe", change_description, FIX),
    ("summary change", "scripe", change_summary, FIX),
    ("example change", "scripe", change_example, FIX),
    ("new response status", "scripe", add_response_status, FEATURE),
    ("remove response status", "scripe", remove_response_status, BREAKING),
    ("change format date-time -> date", "scripe", change_typed_format, BREAKING),
    ("change response format uri -> uri-reference", "scripe", change_untyped_response_format, FIX),
    ("title renames a model", "scripe", retitle_model, BREAKING),
    ("title on a plain property", "scripe", title_on_plain_property, FIX),
    ("tighten request minimum", "scripe", tighten_request_minimum, BREAKING),
    ("loosen request minimum", "scripe", loosen_request_minimum, FEATURE),
    ("response constraint (not enforced)", "scripe", tighten_response_constraint, FIX),
    ("servers change", "scripe", change_servers, FIX),
    ("response header schema change", "scripe", change_response_headers, FIX),
]
BUMPS = {BREAKING: ("minor", "major"), FEATURE: ("patch", "minor"), FIX: ("patch", "patch")}


@pytest.mark.parametrize(("vendor", "edit", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_edit_gets_its_class_and_bump(vendor: str, edit: Edit, expected: Level) -> None:
    old = effective_spec(vendor)
    new = effective_spec(vendor)
    edit(new)
    changes = compare_specs(old, new)
    assert changes, "the edit was not noticed"
    level = max(c.level for c in changes)
    assert level is expected, [(c.level.label, c.location, c.message) for c in changes]
    assert all(c.location.startswith("#") for c in changes)
    assert (bump_name(Version(0, 4, 2), level), bump_name(Version(1, 4, 2), level)) == BUMPS[expected]


@pytest.mark.parametrize("vendor", ["streamloop", "loops", "flare", "scripe"])
def test_an_unchanged_spec_has_no_changes(vendor: str) -> None:
    assert compare_specs(effective_spec(vendor), effective_spec(vendor)) == []


def test_changes_carry_json_pointers_to_what_changed() -> None:
    old, new = effective_spec("scripe"), effective_spec("scripe")
    add_optional_query_parameter(new)
    add_response_enum_value(new)
    found = {(c.level, c.location) for c in compare_specs(old, new)}
    assert found == {
        (FEATURE, "#/paths/~1jobs~1{jobId}/get/parameters/3"),
        (BREAKING, "#/components/schemas/JobStatus/enum"),
    }


def test_directions_follow_refs_from_requests_and_responses() -> None:
    directions = schema_directions(effective_spec("scripe"))
    assert directions["CreateUploadRequest"] == {Direction.REQUEST}
    assert directions["JobStatus"] == {Direction.RESPONSE}  # reached through JobSingle -> Job
    assert directions["CreateFileSourceRequest"] == {Direction.REQUEST}  # through a oneOf


def test_a_schema_used_both_ways_gets_the_stricter_class() -> None:
    old = effective_spec("scripe")
    # Make the request body of POST /uploads reuse JobStatus, a response-side enum.
    schema(old, "CreateUploadRequest")["properties"]["status"] = {"$ref": "#/components/schemas/JobStatus"}
    new = effective_spec("scripe")
    schema(new, "CreateUploadRequest")["properties"]["status"] = {"$ref": "#/components/schemas/JobStatus"}
    add_response_enum_value(new)
    assert schema_directions(new)["JobStatus"] == {Direction.REQUEST, Direction.RESPONSE}
    assert max(c.level for c in compare_specs(old, new)) is BREAKING
    # Request only, the same edit is a feature.
    for spec in (old, new):
        schema(spec, "Job")["properties"]["status"] = {"type": "string"}
    assert max(c.level for c in compare_specs(old, new)) is FEATURE


def test_next_version_of_the_strongest_change() -> None:
    old, new = effective_spec("scripe"), effective_spec("scripe")
    change_description(new)
    add_optional_request_property(new)
    level = max(c.level for c in compare_specs(old, new))
    assert next_version(Version(0, 1, 0), level) == Version(0, 1, 1)
    assert next_version(Version(1, 1, 0), level) == Version(1, 2, 0)
