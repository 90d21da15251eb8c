from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.video import Video


T = TypeVar("T", bound="CreatedVideo")


@_attrs_define
class CreatedVideo:
    """The created video record, under `video`; any other keys are kept.

    Attributes:
        success (bool | Unset):
        video (Video | Unset): A video record, as listed by `GET /api/videos`. Only `id` is always present; other keys
            are kept as they come.
    """

    success: bool | Unset = UNSET
    video: Video | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        video: dict[str, Any] | Unset = UNSET
        if not isinstance(self.video, Unset):
            video = self.video.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if success is not UNSET:
            field_dict["success"] = success
        if video is not UNSET:
            field_dict["video"] = video

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.video import Video  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success", UNSET)

        _video = d.pop("video", UNSET)
        video: Video | Unset
        if isinstance(_video, Unset):
            video = UNSET
        else:
            video = Video.from_dict(_video)

        created_video = cls(
            success=success,
            video=video,
        )

        created_video.additional_properties = d
        return created_video

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
