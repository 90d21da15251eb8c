"""Properties of the Overlay applier that hold for any JSON document and any update."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonpath_rfc9535.serialize import canonical_string

from generator.overlay import OverlayError, apply_overlay, apply_overlays

# Few keys, so documents and updates collide often; some need escaping in a JSONPath name selector.
KEYS = st.sampled_from(["a", "b", "c", "x-y", "it's", 'say "hi"', "back\\slash", "ü", "0"])
PRIMITIVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5)
VALUES = st.recursive(
    PRIMITIVES,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=10,
)
OBJECTS = st.dictionaries(KEYS, VALUES, max_size=5)

# No timing in these tests: a slow machine must not turn a law into a failure.
laws = settings(deadline=None, max_examples=100)

KeyPath = tuple[str, ...]


def overlay(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"overlay": "1.1.0", "info": {"title": "law", "version": "1"}, "actions": list(actions)}


def update_root(update: Any) -> dict[str, Any]:
    return overlay({"target": "$", "update": update})


def key_paths(value: Any, prefix: KeyPath = ()) -> dict[KeyPath, Any]:
    """Every path reachable through objects only (arrays are leaves), with its value."""
    found: dict[KeyPath, Any] = {}
    if isinstance(value, dict):
        for key, child in value.items():
            found[(*prefix, key)] = child
            found.update(key_paths(child, (*prefix, key)))
    return found


def kind(value: Any) -> str:
    return "object" if isinstance(value, dict) else "array" if isinstance(value, list) else "primitive"


def conflicts(target: dict[str, Any], update: dict[str, Any]) -> bool:
    """The merge rules' error case: a shared property whose values are of different kinds."""
    for key, new in update.items():
        if key in target:
            old = target[key]
            if kind(old) != kind(new):
                return True
            if kind(new) == "object" and conflicts(old, new):
                return True
    return False


def jsonpath(path: KeyPath) -> str:
    return "$" + "".join(f"[{canonical_string(key)}]" for key in path)


@laws
@given(VALUES)
def test_no_overlays_is_the_identity(document: Any) -> None:
    before = copy.deepcopy(document)
    assert apply_overlays(document, []) == before
    assert document == before


@laws
@given(OBJECTS)
def test_an_empty_update_at_the_root_is_the_identity(document: dict[str, Any]) -> None:
    assert apply_overlay(document, update_root({}), source="empty.yaml") == document


@laws
@given(OBJECTS, OBJECTS)
def test_an_update_keeps_every_key_and_adds_the_update(
    document: dict[str, Any], update: dict[str, Any]
) -> None:
    before_document, before_update = copy.deepcopy(document), copy.deepcopy(update)
    if conflicts(document, update):
        try:
            apply_overlay(document, update_root(update), source="u.yaml")
        except OverlayError as error:
            assert "cannot merge" in str(error)
        else:
            raise AssertionError("a merge of incompatible kinds must fail")
        return

    result = apply_overlay(document, update_root(update), source="u.yaml")
    assert (document, update) == (before_document, before_update)  # inputs untouched

    after = key_paths(result)
    old, new = key_paths(document), key_paths(update)
    assert set(old) <= set(after), "the update lost keys it does not name"
    assert set(new) <= set(after), "the update's keys are not all in the result"
    for path, value in after.items():
        if path in new and kind(new[path]) == "primitive":
            assert value == new[path]
        elif path in new and kind(new[path]) == "array":
            assert value == old.get(path, []) + new[path]
        elif path not in new and kind(value) != "object":
            assert value == old[path]  # nothing the update does not name changes


@laws
@given(OBJECTS.filter(bool), st.data())
def test_the_same_remove_twice_fails_strictly_the_second_time(
    document: dict[str, Any], data: st.DataObject
) -> None:
    paths = key_paths(document)
    removed = data.draw(st.sampled_from(sorted(paths)), label="removed")
    remove = overlay({"target": jsonpath(removed), "remove": True})

    once = apply_overlay(document, remove, source="10-remove.yaml")
    kept = {path for path in paths if path[: len(removed)] != removed}
    assert set(key_paths(once)) == kept

    try:
        apply_overlays(document, [("10-remove.yaml", remove), ("20-again.yaml", remove)])
    except OverlayError as error:
        assert (error.source, error.action_index, error.target) == ("20-again.yaml", 0, jsonpath(removed))
        assert "matches nothing" in str(error)
    else:
        raise AssertionError("a second identical remove must match nothing and fail")


@laws
@given(OBJECTS, OBJECTS, OBJECTS)
def test_updates_merge_associatively(
    document: dict[str, Any], first: dict[str, Any], second: dict[str, Any]
) -> None:
    """(document + first) + second == document + (first + second), and one side fails iff the other does."""

    def merged(base: Any, update: Any) -> Any:
        try:
            return apply_overlay(base, update_root(update), source="law.yaml")
        except OverlayError:
            return None

    in_sequence = merged(merged(document, first), second) if merged(document, first) is not None else None
    combined = merged(first, second)
    at_once = merged(document, combined) if combined is not None else None
    assert in_sequence == at_once
