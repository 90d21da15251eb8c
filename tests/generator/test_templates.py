"""Our overrides of openapi-python-client's templates stay what they say they are: the pinned
release's own template with the documented change, so a bump of openapi-python-client that
changes its template fails here rather than silently dropping its fixes (or ours)."""

from __future__ import annotations

from pathlib import Path

import openapi_python_client

from generator.render import TEMPLATES

UPSTREAM = Path(openapi_python_client.__file__).parent / "templates"
# Each override: the lines it changes, as (upstream line, our line).
CHANGES = {
    "client.py.jinja": [
        (
            '    "token": namespace(type="str", default="", '
            'docstring="The token to use for authentication"),',
            '    "token": namespace(type="str", default="field(repr=False)", '
            'docstring="The token to use for authentication (never shown in the repr)"),',
        )
    ],
}


def _without_leading_comment(text: str) -> str:
    """The template after its leading `{#- ... -#}` note."""
    if text.startswith("{#-"):
        return text[text.index("-#}") + len("-#}") :].lstrip("\n")
    return text


def test_every_override_is_upstreams_template_with_only_the_documented_change() -> None:
    overrides = sorted(path.name for path in TEMPLATES.glob("*.jinja"))
    assert overrides == sorted(CHANGES)
    for name, changes in CHANGES.items():
        ours = _without_leading_comment((TEMPLATES / name).read_text(encoding="utf-8"))
        expected = (UPSTREAM / name).read_text(encoding="utf-8")
        for upstream_line, our_line in changes:
            assert expected.count(upstream_line) == 1, f"{name}: upstream changed the line we override"
            expected = expected.replace(upstream_line, our_line)
        assert ours == expected
