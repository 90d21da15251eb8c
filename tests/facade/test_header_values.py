"""Properties of the pre-flight checks: every value that becomes a header, every base URL and every
file name is refused before any request when it cannot be sent, and a refused key is never shown."""

from __future__ import annotations

import mimetypes
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import presignkit
from presignkit import ConfigurationError, ValidationError
from presignkit.settings import VendorSettings
from presignkit.sources import load_source
from presignkit.vendors.registry import settings_types, vendor_names

PROPERTY = settings(max_examples=25, deadline=None)
# Control characters: C0 (CR, LF, TAB, NUL, ...), DEL and C1.
CONTROL = st.sampled_from([chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))])
SAFE_TEXT = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=12)
# A valid key (or workspace id) for each secret setting, from which the properties break one value.
VALID = {
    "streamloop": {"api_key": "sl_valid", "workspace_id": "wksp_1"},
    "loops": {"api_key": "loops-valid-key"},
    "flare": {"api_token": "flr_pat_valid"},
    "scripe": {"api_key": "scripe_sk_test_valid"},
}
FIELDS = [(vendor, field) for vendor, fields in VALID.items() for field in fields]


@contextmanager
def recorded_requests() -> Iterator[tuple[list[httpx.Request], httpx.MockTransport]]:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    yield sent, httpx.MockTransport(handler)


def settings_for(vendor: str, **values: str) -> VendorSettings:
    settings_type: type[VendorSettings] = settings_types()[vendor]
    made: VendorSettings = settings_type(**{**VALID[vendor], **values})
    return made


def test_the_properties_cover_every_vendor() -> None:
    assert set(VALID) == set(vendor_names())


@pytest.mark.parametrize(("vendor", "field"), FIELDS)
@PROPERTY
@given(before=SAFE_TEXT, control=CONTROL, after=SAFE_TEXT, from_env=st.booleans())
def test_a_control_character_anywhere_in_a_header_setting_is_refused_unseen(
    vendor: str, field: str, before: str, control: str, after: str, from_env: bool
) -> None:
    value = VALID[vendor][field] + before + control + after
    setting = next(s for s in settings_types()[vendor].declared() if s.argument == field)
    if from_env:
        assert setting.env_var is not None
        environ = {setting.env_var: value}
        settings_object = settings_for(vendor, **{field: None})  # type: ignore[arg-type]
        where = setting.env_var
    else:
        environ, settings_object, where = {}, settings_for(vendor, **{field: value}), f"the {field} argument"
    with recorded_requests() as (sent, transport):
        with pytest.raises(ConfigurationError) as caught:
            presignkit.Uploader(
                settings_object, environ=environ, transport=transport, storage_transport=transport
            )
        assert sent == []
    error = caught.value
    assert where in str(error) and "accepted is" in str(error) and error.vendor == vendor
    if setting.secret:
        secret_part = before + control + after
        for shown in (str(error), repr(error), repr(error.args)):
            assert value not in shown and (len(secret_part) < 4 or secret_part not in shown)


@pytest.mark.parametrize("vendor", ["loops", "scripe"])
@PROPERTY
@given(control=CONTROL, parameter=SAFE_TEXT)
def test_a_control_character_in_a_content_type_is_refused_before_any_request(
    vendor: str, control: str, parameter: str
) -> None:
    content_type = f"image/png; name={parameter}{control}x"  # a trailing space-like one is stripped
    with recorded_requests() as (sent, transport):
        uploader = presignkit.Uploader(settings_for(vendor), environ={}, transport=transport)
        with uploader, pytest.raises(ValidationError, match="content_type holds a control character"):
            uploader.upload(b"bytes", content_type=content_type)
        assert sent == []


# -- base URLs ---------------------------------------------------------------------------------------

BAD_BASE_URLS = st.one_of(
    st.builds(
        lambda pad, tail: pad + "https://api.test/v1" + tail,
        st.sampled_from(["", " ", "\t"]),
        st.sampled_from([" ", "\n", "\t", "\r\n"]),
    ),
    st.builds(lambda pad: pad + "https://api.test/v1", st.sampled_from([" ", "\t", "\n"])),
    st.builds("http://127.0.0.1:{}/v1".format, st.integers(min_value=65536, max_value=10**9)),
    st.builds("http://[{}/v1".format, st.sampled_from(["127.0.0.1", "::1", "host", ""])),
    st.builds("http://host:{}/v1".format, st.text("abcxyz-.:", min_size=1, max_size=6)),
)


@pytest.mark.parametrize("vendor", vendor_names())
@PROPERTY
@given(url=BAD_BASE_URLS, from_env=st.booleans())
def test_an_unusable_base_url_is_a_configuration_error(vendor: str, url: str, from_env: bool) -> None:
    settings_type = settings_types()[vendor]
    environ = {settings_type.base_url_env: url} if from_env else {}
    settings_object = settings_for(vendor) if from_env else settings_for(vendor, base_url=url)
    with pytest.raises(ConfigurationError, match="not a usable base URL") as caught:
        settings_object.resolve(environ)
    assert caught.value.vendor == vendor
    assert (settings_type.base_url_env if from_env else "the base_url argument") in str(caught.value)


# -- file names ----------------------------------------------------------------------------------


@PROPERTY
@given(stem=st.binary(min_size=1, max_size=8), bad=st.binary(min_size=1, max_size=3))
def test_a_file_name_that_is_not_utf8_is_refused_before_any_request(stem: bytes, bad: bytes) -> None:
    name = (
        stem.replace(b"/", b"_").replace(b"\x00", b"_")
        + b"\xff"
        + bad.replace(b"/", b"_").replace(b"\x00", b"_")
    )
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(os.fsencode(folder), name + b".png")
        Path(os.fsdecode(path)).write_bytes(b"png bytes")
        with recorded_requests() as (sent, transport):
            uploader = presignkit.Uploader(settings_for("loops"), environ={}, transport=transport)
            with uploader, pytest.raises(ValidationError, match="not valid UTF-8"):
                uploader.upload(os.fsdecode(path), content_type="image/png")
            assert sent == []


# -- Flare's default file name ---------------------------------------------------------------------


def _mixed_case(text: str, flips: list[bool]) -> str:
    return "".join(
        c.upper() if flip else c for c, flip in zip(text, flips + [False] * len(text), strict=False)
    )


VIDEO_TYPES = ["video/mp4", "video/webm", "video/quicktime", "video/mpeg"]


@PROPERTY
@given(
    essence=st.sampled_from(VIDEO_TYPES),
    flips=st.lists(st.booleans(), max_size=16),
    parameters=st.lists(st.sampled_from(["codecs=avc1", "charset=x", "a=b"]), max_size=3),
)
def test_the_default_name_comes_from_the_type_essence(
    essence: str, flips: list[bool], parameters: list[str]
) -> None:
    content_type = "; ".join([_mixed_case(essence, flips), *parameters])
    source = load_source(b"video", content_type=content_type)
    extension = mimetypes.guess_extension(essence) or ""
    assert source.filename.startswith("upload") and source.filename.endswith(extension) and extension


@PROPERTY
@given(
    subtype=st.text(st.characters(min_codepoint=ord("a"), max_codepoint=ord("z")), min_size=3, max_size=10)
)
def test_flare_refuses_a_video_it_cannot_name_before_creating_it(subtype: str) -> None:
    content_type = f"video/x-{subtype}-unknown"
    with recorded_requests() as (sent, transport):
        uploader = presignkit.Uploader(settings_for("flare"), environ={}, transport=transport)
        with uploader, pytest.raises(ValidationError, match="no video extension"):
            uploader.upload(b"video", content_type=content_type)
        assert sent == []  # no createVideo: nothing left behind
