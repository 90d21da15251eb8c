from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateVideoRequest")


@_attrs_define
class CreateVideoRequest:
    """The new video record. Only `fileName` is required; Flare's examples also send `s3Key` and `source`, and some send
    `width`, `height` and `duration`.

        Attributes:
            file_name (str): File name of the video, e.g. `demo.mp4`.
            s_3_key (str | Unset): Storage key of the video, e.g. `vid_demo_123`.
            source (str | Unset): How the video was produced, e.g. `composite`.
            width (int | Unset): Width in pixels.
            height (int | Unset): Height in pixels.
            duration (float | Unset): Duration in seconds.
    """

    file_name: str
    s_3_key: str | Unset = UNSET
    source: str | Unset = UNSET
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    duration: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file_name = self.file_name

        s_3_key = self.s_3_key

        source = self.source

        width = self.width

        height = self.height

        duration = self.duration

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fileName": file_name,
            }
        )
        if s_3_key is not UNSET:
            field_dict["s3Key"] = s_3_key
        if source is not UNSET:
            field_dict["source"] = source
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if duration is not UNSET:
            field_dict["duration"] = duration

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file_name = d.pop("fileName")

        s_3_key = d.pop("s3Key", UNSET)

        source = d.pop("source", UNSET)

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        duration = d.pop("duration", UNSET)

        create_video_request = cls(
            file_name=file_name,
            s_3_key=s_3_key,
            source=source,
            width=width,
            height=height,
            duration=duration,
        )

        create_video_request.additional_properties = d
        return create_video_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
