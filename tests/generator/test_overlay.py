"""The Overlay applier against the Overlay specification's examples and our strict choices.

Documents and overlays are written here in YAML, as the vendor specs and our overlays are, and read
with the pipeline's own YAML 1.2 loader.
"""

from __future__ import annotations

import copy
import textwrap
from typing import Any

import pytest

from generator.documents import parse_document
from generator.overlay import OverlayError, apply_overlay, apply_overlays


def yaml(text: str) -> Any:
    return parse_document(textwrap.dedent(text), name="inline")


def overlay(actions: list[dict[str, Any]], version: str = "1.1.0") -> dict[str, Any]:
    return {"overlay": version, "info": {"title": "test overlay", "version": "1.0.0"}, "actions": actions}


PETS = """
openapi: 3.1.0
info:
  title: Pets
  version: 1.0.0
security:
  - apiKey: []
  - bearer: []
tags:
  - name: pets
  - name: internal
paths:
  /:
    get:
      responses:
        '200':
          description: OK
  /pets:
    get:
      tags: [pets, dummy]
      parameters:
        - name: filter
          in: query
        - name: filter
          in: header
        - name: limit
          in: query
      responses:
        '200':
          description: OK
        '500':
          description: oops
    post:
      responses:
        '201':
          description: Created
        '500':
          description: oops
        default:
          description: something
"""


@pytest.fixture
def pets() -> Any:
    return yaml(PETS)


# --- the specification's examples -------------------------------------------------------------


def test_structured_update_at_root_merges_into_the_whole_document(pets: Any) -> None:
    result = apply_overlay(
        pets,
        yaml(
            """
            overlay: 1.0.0
            info: {title: Structured Overlay, version: 1.0.0}
            actions:
              - target: '$'
                update:
                  info:
                    description: Added by the overlay
                    x-overlay-applied: structured-overlay
                  paths:
                    /:
                      summary: The root resource
                      get:
                        summary: Retrieve the root resource
                        x-rate-limit: 100
                    /owners:
                      get:
                        summary: New path
            """
        ),
        source="structured.yaml",
    )
    assert result["info"] == {
        "title": "Pets",
        "version": "1.0.0",
        "description": "Added by the overlay",
        "x-overlay-applied": "structured-overlay",
    }
    assert result["paths"]["/"]["summary"] == "The root resource"
    assert result["paths"]["/"]["get"] == {
        "responses": {"200": {"description": "OK"}},
        "summary": "Retrieve the root resource",
        "x-rate-limit": 100,
    }
    assert result["paths"]["/owners"] == {"get": {"summary": "New path"}}
    assert result["paths"]["/pets"] == pets["paths"]["/pets"]


def test_targeted_update_replaces_primitives_and_merges_objects() -> None:
    document = yaml(
        """
        paths:
          /foo:
            get: {description: old foo}
          /bar:
            get: {description: old bar}
            post: {description: old post, x-safe: true, operationId: createBar}
        """
    )
    result = apply_overlay(
        document,
        overlay(
            [
                {"target": "$.paths['/foo'].get.description", "update": "This is the new description"},
                {"target": "$.paths['/bar'].get.description", "update": "This is the updated description"},
                {
                    "target": "$.paths['/bar']",
                    "update": {"post": {"description": "Updated child", "x-safe": False}},
                },
            ]
        ),
        source="targeted.yaml",
    )
    assert result == {
        "paths": {
            "/foo": {"get": {"description": "This is the new description"}},
            "/bar": {
                "get": {"description": "This is the updated description"},
                "post": {"description": "Updated child", "x-safe": False, "operationId": "createBar"},
            },
        }
    }


def test_wildcard_target_updates_every_get_and_nothing_else(pets: Any) -> None:
    result = apply_overlay(
        pets, overlay([{"target": "$.paths.*.get", "update": {"x-safe": True}}]), source="wildcard.yaml"
    )
    assert result["paths"]["/"]["get"]["x-safe"] is True
    assert result["paths"]["/pets"]["get"]["x-safe"] is True
    assert "x-safe" not in result["paths"]["/pets"]["post"]


def test_filter_with_and_updates_only_the_parameter_matching_both_conditions(pets: Any) -> None:
    result = apply_overlay(
        pets,
        overlay(
            [
                {
                    "target": "$.paths.*.get.parameters[?@.name=='filter' && @.in=='query']",
                    "update": {"schema": {"$ref": "#/components/schemas/filterSchema"}},
                }
            ]
        ),
        source="filter.yaml",
    )
    assert result["paths"]["/pets"]["get"]["parameters"] == [
        {"name": "filter", "in": "query", "schema": {"$ref": "#/components/schemas/filterSchema"}},
        {"name": "filter", "in": "header"},
        {"name": "limit", "in": "query"},
    ]


def test_rfc9535_function_extensions_work_in_filters(pets: Any) -> None:
    # jsonpath-ng (and so oas-patch) rejects length() and search(); RFC 9535 has them.
    result = apply_overlay(
        pets,
        overlay(
            [
                {"target": "$.paths.*.get.parameters[?length(@.name) > 5]", "update": {"x-long": True}},
                {"target": "$.paths.*.get.parameters[?search(@.name, '^lim')]", "update": {"x-lim": True}},
            ]
        ),
        source="functions.yaml",
    )
    flagged = [
        (p["name"], p["in"], p.get("x-long"), p.get("x-lim"))
        for p in result["paths"]["/pets"]["get"]["parameters"]
    ]
    assert flagged == [
        ("filter", "query", True, None),
        ("filter", "header", True, None),
        ("limit", "query", None, True),
    ]


def test_update_on_an_array_appends_an_object(pets: Any) -> None:
    result = apply_overlay(
        pets,
        overlay([{"target": "$.paths.*.get.parameters", "update": {"name": "newParam", "in": "query"}}]),
        source="append.yaml",
    )
    parameters = result["paths"]["/pets"]["get"]["parameters"]
    assert parameters[:3] == pets["paths"]["/pets"]["get"]["parameters"]
    assert parameters[3:] == [{"name": "newParam", "in": "query"}]
    assert "parameters" not in result["paths"]["/"]["get"]  # no array there, nothing created


def test_update_on_an_array_concatenates_an_array_and_appends_a_primitive(pets: Any) -> None:
    result = apply_overlay(
        pets,
        overlay(
            [
                {"target": "$.paths['/pets'].get.tags", "update": ["a", "b"]},
                {"target": "$.paths['/pets'].get.tags", "update": "c"},
            ]
        ),
        source="concat.yaml",
    )
    assert result["paths"]["/pets"]["get"]["tags"] == ["pets", "dummy", "a", "b", "c"]


def test_update_merging_an_array_property_concatenates(pets: Any) -> None:
    result = apply_overlay(
        pets,
        overlay([{"target": "$.paths['/pets'].get", "update": {"tags": ["extra"]}}]),
        source="merge-array.yaml",
    )
    assert result["paths"]["/pets"]["get"]["tags"] == ["pets", "dummy", "extra"]


def test_remove_an_object_element_of_an_array_by_filter(pets: Any) -> None:
    result = apply_overlay(
        pets, overlay([{"target": "$.security[?@.bearer]", "remove": True}]), source="remove-security.yaml"
    )
    assert result["security"] == [{"apiKey": []}]


def test_remove_a_primitive_element_of_an_array_by_filter(pets: Any) -> None:
    result = apply_overlay(
        pets,
        overlay([{"target": "$.paths.*.get.tags[?@ == 'dummy']", "remove": True}]),
        source="remove-tag.yaml",
    )
    assert result["paths"]["/pets"]["get"]["tags"] == ["pets"]


def test_remove_a_tag_object_by_name(pets: Any) -> None:
    result = apply_overlay(
        pets, overlay([{"target": "$.tags[?@.name == 'internal']", "remove": True}]), source="tags.yaml"
    )
    assert result["tags"] == [{"name": "pets"}]


def test_remove_matching_responses_everywhere(pets: Any) -> None:
    result = apply_overlay(
        pets,
        overlay(
            [
                {"target": "$.paths.*.*.responses['500']", "remove": True},
                {"target": "$.paths..responses['default']", "remove": True},
            ],
            version="1.0.0",
        ),
        source="responses.yaml",
    )
    assert result["paths"]["/pets"]["get"]["responses"] == {"200": {"description": "OK"}}
    assert result["paths"]["/pets"]["post"]["responses"] == {"201": {"description": "Created"}}
    assert result["paths"]["/"] == pets["paths"]["/"]


def test_actions_apply_in_order_so_a_removed_node_can_be_recreated(pets: Any) -> None:
    result = apply_overlay(
        pets,
        overlay(
            [
                {"target": "$.paths['/pets'].post", "remove": True},
                {"target": "$.paths['/pets']", "update": {"post": {"summary": "fresh"}}},
            ]
        ),
        source="recreate.yaml",
    )
    assert result["paths"]["/pets"]["post"] == {"summary": "fresh"}


# --- copy (Overlay 1.1) -----------------------------------------------------------------------

ITEMS = """
openapi: 3.1.0
info: {title: Example API, version: 1.0.0}
paths:
  /items:
    get:
      responses:
        '200': {description: OK}
  /some-items:
    delete:
      responses:
        '200': {description: OK}
"""


def test_copy_merges_the_source_into_an_existing_target() -> None:
    result = apply_overlay(
        yaml(ITEMS),
        overlay([{"target": '$.paths["/some-items"]', "copy": '$.paths["/items"]'}]),
        source="copy.yaml",
    )
    assert result["paths"]["/some-items"] == {
        "delete": {"responses": {"200": {"description": "OK"}}},
        "get": {"responses": {"200": {"description": "OK"}}},
    }
    assert result["paths"]["/items"] == {"get": {"responses": {"200": {"description": "OK"}}}}


def test_copy_after_creating_the_target_and_the_copy_is_independent() -> None:
    result = apply_overlay(
        yaml(ITEMS),
        overlay(
            [
                {"target": "$.paths", "update": {"/other-items": {}}},
                {"target": '$.paths["/other-items"]', "copy": '$.paths["/items"]'},
                {"target": '$.paths["/other-items"].get', "update": {"summary": "only the copy"}},
            ]
        ),
        source="copy.yaml",
    )
    assert result["paths"]["/other-items"]["get"]["summary"] == "only the copy"
    assert "summary" not in result["paths"]["/items"]["get"]


def test_move_is_update_copy_remove() -> None:
    result = apply_overlay(
        yaml(ITEMS),
        overlay(
            [
                {"target": "$.paths", "update": {"/new-items": {}}},
                {"target": '$.paths["/new-items"]', "copy": '$.paths["/items"]'},
                {"target": '$.paths["/items"]', "remove": True},
            ]
        ),
        source="move.yaml",
    )
    assert result["paths"] == {
        "/new-items": {"get": {"responses": {"200": {"description": "OK"}}}},
        "/some-items": {"delete": {"responses": {"200": {"description": "OK"}}}},
    }


def test_copy_of_a_primitive_replaces_a_primitive() -> None:
    result = apply_overlay(
        yaml(ITEMS), overlay([{"target": "$.info.version", "copy": "$.openapi"}]), source="copy.yaml"
    )
    assert result["info"]["version"] == "3.1.0"


@pytest.mark.parametrize(
    ("source_query", "count"), [("$.paths['/nowhere']", 0), ("$.paths.*", 2)], ids=["none", "several"]
)
def test_copy_source_must_select_exactly_one_node(source_query: str, count: int) -> None:
    with pytest.raises(OverlayError) as caught:
        apply_overlay(
            yaml(ITEMS),
            overlay([{"target": "$.paths['/items']", "copy": source_query}]),
            source="copy.yaml",
        )
    assert f"must select exactly one node, it selects {count}" in str(caught.value)
    assert source_query in str(caught.value)


def test_copy_in_an_overlay_1_0_document_is_rejected() -> None:
    with pytest.raises(OverlayError, match=r"`copy` needs Overlay 1\.1") as caught:
        apply_overlay(
            yaml(ITEMS),
            overlay([{"target": "$.paths['/some-items']", "copy": "$.paths['/items']"}], version="1.0.0"),
            source="old.yaml",
        )
    assert caught.value.action_index == 0


# --- strictness and errors --------------------------------------------------------------------


def test_a_target_matching_nothing_names_the_file_the_action_and_the_target(pets: Any) -> None:
    with pytest.raises(OverlayError) as caught:
        apply_overlay(
            pets,
            overlay(
                [
                    {"target": "$.info", "update": {"x-ok": True}},
                    {"target": "$.paths['/gone'].get", "update": {"x-safe": True}},
                ]
            ),
            source="20-orphaned.yaml",
        )
    error = caught.value
    assert (error.source, error.action_index, error.target) == ("20-orphaned.yaml", 1, "$.paths['/gone'].get")
    message = str(error)
    assert "20-orphaned.yaml" in message
    assert "action #1" in message
    assert "$.paths['/gone'].get" in message
    assert "matches nothing" in message


def test_a_remove_matching_nothing_is_an_error_too(pets: Any) -> None:
    with pytest.raises(OverlayError, match="matches nothing"):
        apply_overlay(
            pets, overlay([{"target": "$.paths.*.*.responses['404']", "remove": True}]), source="x.yaml"
        )


@pytest.mark.parametrize(
    "action",
    [
        {"target": "$.paths[?@.x ==", "update": {}},
        {"target": "$.info", "copy": "$.paths["},
        {"target": "$.paths[?length(@.*) == 1]", "remove": True},
        {"target": "$.paths[?nosuch(@)]", "remove": True},
    ],
    ids=["target", "copy", "ill-typed-function", "unknown-function"],
)
def test_an_invalid_jsonpath_is_rejected_with_the_parser_message(pets: Any, action: dict[str, Any]) -> None:
    with pytest.raises(OverlayError, match="not a valid RFC 9535 JSONPath") as caught:
        apply_overlay(pets, overlay([action]), source="bad-path.yaml")
    assert caught.value.action_index == 0
    assert caught.value.source == "bad-path.yaml"


def test_a_path_without_the_root_identifier_is_rejected(pets: Any) -> None:
    # Some tools accept `paths.*.get`; RFC 9535 requires the leading `$`.
    with pytest.raises(OverlayError, match="not a valid RFC 9535 JSONPath"):
        apply_overlay(pets, overlay([{"target": "paths.*.get", "update": {}}]), source="dialect.yaml")


def test_removing_the_root_is_rejected(pets: Any) -> None:
    with pytest.raises(OverlayError, match="cannot remove the document root"):
        apply_overlay(pets, overlay([{"target": "$", "remove": True}]), source="root.yaml")


@pytest.mark.parametrize("version", ["1.0.0", "1.0.7", "1.1.0", "1.1.12"])
def test_supported_overlay_versions(pets: Any, version: str) -> None:
    result = apply_overlay(
        pets, overlay([{"target": "$.info", "update": {"x-v": 1}}], version), source="v.yaml"
    )
    assert result["info"]["x-v"] == 1


@pytest.mark.parametrize(
    "version", ["2.0.0", "1.2.0", "0.9.0", "1.0", "v1.1.0", "1.1.0-rc1", "1.01.0", 1.1, None]
)
def test_unsupported_overlay_versions_are_rejected_naming_what_is_accepted(pets: Any, version: Any) -> None:
    document = overlay([{"target": "$.info", "update": {}}])
    document["overlay"] = version
    with pytest.raises(OverlayError, match=r"1\.0\.x and 1\.1\.x") as caught:
        apply_overlay(pets, document, source="v.yaml")
    assert caught.value.action_index is None
    assert str(caught.value).startswith("overlay 'v.yaml': ")


def test_merging_incompatible_types_names_the_property(pets: Any) -> None:
    with pytest.raises(OverlayError) as caught:
        apply_overlay(
            pets,
            overlay([{"target": "$.paths['/pets'].get", "update": {"tags": {"name": "pets"}}}]),
            source="mismatch.yaml",
        )
    assert "cannot merge an object into the array at $['paths']['/pets']['get']['tags']" in str(caught.value)


@pytest.mark.parametrize(
    ("target", "update", "expected"),
    [
        ("$.info", ["x"], "is an object, so the value must be an object, not array"),
        ("$.info", "text", "is an object, so the value must be an object, not primitive"),
        (
            "$.info.title",
            {"a": 1},
            "is a primitive (str 'Pets'), so the value must be a primitive, not object",
        ),
        ("$.info", {"title": {"text": "Pets"}}, "cannot merge an object into the primitive"),
        ("$.info", {"version": None, "title": ["Pets"]}, "cannot merge an array into the primitive"),
        ("$.paths['/pets'].get.*", {"x": 1}, "mix of array, object nodes"),
    ],
)
def test_type_mismatches_are_errors(pets: Any, target: str, update: Any, expected: str) -> None:
    with pytest.raises(OverlayError) as caught:
        apply_overlay(pets, overlay([{"target": target, "update": update}]), source="mismatch.yaml")
    assert expected in str(caught.value)


def test_primitive_targets_are_replaced_even_in_a_1_0_document(pets: Any) -> None:
    result = apply_overlay(
        pets,
        overlay(
            [
                {"target": "$.info.title", "update": "Pet Store"},
                {"target": "$.paths.*.*.responses.*.description", "update": "Documented"},
                {"target": "$.info", "update": {"version": None}},
            ],
            version="1.0.0",
        ),
        source="primitives.yaml",
    )
    assert result["info"] == {"title": "Pet Store", "version": None}
    descriptions = {
        r["description"] for op in result["paths"]["/pets"].values() for r in op["responses"].values()
    }
    assert descriptions == {"Documented"}


def test_updating_the_root_primitive_replaces_the_document() -> None:
    assert apply_overlay("old", overlay([{"target": "$", "update": "new"}]), source="root.yaml") == "new"


def test_several_removals_in_one_array_delete_the_right_elements() -> None:
    document = {"items": ["a", "b", "c", "d", "e", "f"]}
    result = apply_overlay(
        document, overlay([{"target": "$.items[1, 4, 2]", "remove": True}]), source="indices.yaml"
    )
    assert result == {"items": ["a", "d", "f"]}


def test_removing_a_node_and_its_descendant_together_works() -> None:
    document = {"a": {"x": {"x": {"keep": 1}}, "y": [{"x": 1}, {"x": 2}, {"z": 3}]}}
    result = apply_overlay(document, overlay([{"target": "$..x", "remove": True}]), source="nested.yaml")
    assert result == {"a": {"y": [{}, {}, {"z": 3}]}}


def test_a_node_selected_twice_is_updated_once() -> None:
    document = {"tags": ["a"]}
    result = apply_overlay(
        document, overlay([{"target": "$['tags', 'tags']", "update": "b"}]), source="twice.yaml"
    )
    assert result == {"tags": ["a", "b"]}


def test_an_empty_update_at_the_root_changes_nothing(pets: Any) -> None:
    assert apply_overlay(pets, overlay([{"target": "$", "update": {}}]), source="empty.yaml") == pets


def test_neither_the_document_nor_the_overlay_is_mutated(pets: Any) -> None:
    the_overlay = overlay(
        [
            {"target": "$.paths.*.get", "update": {"x-safe": True, "tags": ["t"], "x-obj": {"n": 1}}},
            {"target": "$.paths['/pets'].get.parameters", "update": [{"name": "p", "in": "query"}]},
            {"target": "$.paths['/pets'].post.responses['500']", "remove": True},
            {"target": "$.paths['/']", "copy": "$.paths['/pets']"},
        ]
    )
    document_before = copy.deepcopy(pets)
    overlay_before = copy.deepcopy(the_overlay)
    result = apply_overlay(pets, the_overlay, source="pure.yaml")
    assert pets == document_before
    assert the_overlay == overlay_before
    # The result shares nothing with the overlay, and two targets do not share one inserted value.
    result["paths"]["/"]["get"]["x-obj"]["n"] = 2
    assert the_overlay["actions"][0]["update"]["x-obj"] == {"n": 1}
    assert result["paths"]["/pets"]["get"]["x-obj"] == {"n": 1}


def test_overlays_apply_in_order_each_on_the_previous_result(pets: Any) -> None:
    create = ("10-create.yaml", overlay([{"target": "$.paths", "update": {"/owners": {"get": {}}}}]))
    annotate = ("20-annotate.yaml", overlay([{"target": "$.paths['/owners'].get", "update": {"x-n": 1}}]))
    result = apply_overlays(pets, [create, annotate])
    assert result["paths"]["/owners"] == {"get": {"x-n": 1}}
    with pytest.raises(OverlayError) as caught:
        apply_overlays(pets, [annotate, create])
    assert caught.value.source == "20-annotate.yaml"


def test_no_overlays_returns_an_equal_copy(pets: Any) -> None:
    result = apply_overlays(pets, [])
    assert result == pets
    assert result is not pets


# --- malformed overlay documents --------------------------------------------------------------


def _with(**changes: Any) -> dict[str, Any]:
    document = overlay([{"target": "$.info", "update": {}}])
    for key, value in changes.items():
        if value is ...:
            del document[key]
        else:
            document[key] = value
    return document


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (["not", "a", "mapping"], "must be a mapping with `overlay`, `info` and `actions`"),
        (_with(info=...), "`info` must be a mapping"),
        (_with(info={"title": "t"}), "`info.version` must be a string"),
        (_with(info={"title": "t", "version": 1}), "`info.version` must be a string"),
        (_with(info={"title": "t", "version": "1", "owner": "me"}), "unknown field(s) 'owner'"),
        (_with(actions=[]), "`actions` must be a non-empty list"),
        (_with(actions=...), "`actions` must be a non-empty list"),
        (_with(action=[]), "unknown field(s) 'action'"),
        (_with(extends=3), "`extends` must be a URI reference string"),
    ],
)
def test_malformed_overlay_documents_are_rejected(pets: Any, document: Any, expected: str) -> None:
    with pytest.raises(OverlayError) as caught:
        apply_overlay(pets, document, source="bad.yaml")
    assert expected in str(caught.value)
    assert caught.value.action_index is None


def test_extensions_and_extends_are_accepted(pets: Any) -> None:
    document = _with(extends="./openapi.yaml", **{"x-owner": "team"})
    document["actions"][0]["x-note"] = "ok"
    document["info"]["x-ticket"] = 42
    assert apply_overlay(pets, document, source="ext.yaml") == pets


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("remove", "an action must be a mapping"),
        ({"update": {}}, "`target` must be a JSONPath string"),
        ({"target": 5, "update": {}}, "`target` must be a JSONPath string"),
        ({"target": "$.info"}, "the action does nothing"),
        ({"target": "$.info", "remove": False}, "the action does nothing"),
        ({"target": "$.info", "remove": "yes"}, "`remove` must be true or false"),
        ({"target": "$.info", "update": {}, "copy": "$.info"}, "names `update` and `copy`"),
        ({"target": "$.info", "update": {}, "remove": True}, "names `update` and `remove`"),
        ({"target": "$.info", "copy": 3}, "`copy` must be a JSONPath string"),
        ({"target": "$.info", "updates": {}}, "unknown field(s) 'updates'"),
        ({"target": "$.info", "update": {}, "description": ["x"]}, "`description` must be a string"),
    ],
)
def test_malformed_actions_are_rejected_naming_the_action(pets: Any, action: Any, expected: str) -> None:
    document = overlay([{"target": "$.info", "update": {"x-first": 1}}, action])
    with pytest.raises(OverlayError) as caught:
        apply_overlay(pets, document, source="bad.yaml")
    assert expected in str(caught.value)
    assert caught.value.action_index == 1
    assert "action #1" in str(caught.value)


def test_duplicate_actions_are_rejected(pets: Any) -> None:
    action = {"target": "$.paths['/pets'].get.tags", "update": "again"}
    with pytest.raises(OverlayError, match="duplicates action #0") as caught:
        apply_overlay(pets, overlay([action, dict(action)]), source="dup.yaml")
    assert caught.value.action_index == 1


def test_a_malformed_later_action_stops_the_overlay_before_any_change(pets: Any) -> None:
    # Validation runs before application, so a typo in the last action is reported even when an
    # earlier action would also fail at application time.
    document = overlay([{"target": "$.nowhere", "update": {}}, {"target": "$[", "remove": True}])
    with pytest.raises(OverlayError) as caught:
        apply_overlay(pets, document, source="order.yaml")
    assert caught.value.action_index == 1


def test_error_without_an_action_names_only_the_file() -> None:
    error = OverlayError("boom", source="a.yaml")
    assert str(error) == "overlay 'a.yaml': boom"
    full = OverlayError("boom", source="a.yaml", action_index=3, target="$.x")
    assert str(full) == "overlay 'a.yaml', action #3 (target '$.x'): boom"
