from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PresignVideoUploadRequest")


@_attrs_define
class PresignVideoUploadRequest:
    """The video to upload a file for, and the file's name.

    Attributes:
        video_id (str): The `id` of a video created with `createVideo`.
        file_name (str): File name of the upload, e.g. `demo.mp4`; it ends `publicUrl`.
    """

    video_id: str
    file_name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        video_id = self.video_id

        file_name = self.file_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "videoId": video_id,
                "fileName": file_name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        video_id = d.pop("videoId")

        file_name = d.pop("fileName")

        presign_video_upload_request = cls(
            video_id=video_id,
            file_name=file_name,
        )

        presign_video_upload_request.additional_properties = d
        return presign_video_upload_request

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
