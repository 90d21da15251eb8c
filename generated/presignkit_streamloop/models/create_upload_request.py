from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_upload_request_type import CreateUploadRequestType
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateUploadRequest")


@_attrs_define
class CreateUploadRequest:
    """The upload record to create. The bytes are sent later with a single PUT.

    Attributes:
        mime_type (str): MIME type of the file; the PUT to the upload URL must send it as Content-Type.
        name (str): File name.
        type_ (CreateUploadRequestType): Kind of media.
        duration (int | None | Unset): Media duration.
        file_size (int | None | Unset): File size in bytes. Up to 1.5 GB per file (5 GB once the account has bought
            credits).
        fps (float | None | Unset): Frames per second.
        has_audio (bool | None | Unset):
        has_video (bool | None | Unset):
        height (int | None | Unset):
        is_deleted (bool | None | Unset):
        orientation (int | None | Unset):
        path (None | str | Unset):
        width (int | None | Unset):
    """

    mime_type: str
    name: str
    type_: CreateUploadRequestType
    duration: int | None | Unset = UNSET
    file_size: int | None | Unset = UNSET
    fps: float | None | Unset = UNSET
    has_audio: bool | None | Unset = UNSET
    has_video: bool | None | Unset = UNSET
    height: int | None | Unset = UNSET
    is_deleted: bool | None | Unset = UNSET
    orientation: int | None | Unset = UNSET
    path: None | str | Unset = UNSET
    width: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mime_type = self.mime_type

        name = self.name

        type_ = self.type_.value

        duration: int | None | Unset
        if isinstance(self.duration, Unset):
            duration = UNSET
        else:
            duration = self.duration

        file_size: int | None | Unset
        if isinstance(self.file_size, Unset):
            file_size = UNSET
        else:
            file_size = self.file_size

        fps: float | None | Unset
        if isinstance(self.fps, Unset):
            fps = UNSET
        else:
            fps = self.fps

        has_audio: bool | None | Unset
        if isinstance(self.has_audio, Unset):
            has_audio = UNSET
        else:
            has_audio = self.has_audio

        has_video: bool | None | Unset
        if isinstance(self.has_video, Unset):
            has_video = UNSET
        else:
            has_video = self.has_video

        height: int | None | Unset
        if isinstance(self.height, Unset):
            height = UNSET
        else:
            height = self.height

        is_deleted: bool | None | Unset
        if isinstance(self.is_deleted, Unset):
            is_deleted = UNSET
        else:
            is_deleted = self.is_deleted

        orientation: int | None | Unset
        if isinstance(self.orientation, Unset):
            orientation = UNSET
        else:
            orientation = self.orientation

        path: None | str | Unset
        if isinstance(self.path, Unset):
            path = UNSET
        else:
            path = self.path

        width: int | None | Unset
        if isinstance(self.width, Unset):
            width = UNSET
        else:
            width = self.width

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mimeType": mime_type,
                "name": name,
                "type": type_,
            }
        )
        if duration is not UNSET:
            field_dict["duration"] = duration
        if file_size is not UNSET:
            field_dict["fileSize"] = file_size
        if fps is not UNSET:
            field_dict["fps"] = fps
        if has_audio is not UNSET:
            field_dict["hasAudio"] = has_audio
        if has_video is not UNSET:
            field_dict["hasVideo"] = has_video
        if height is not UNSET:
            field_dict["height"] = height
        if is_deleted is not UNSET:
            field_dict["isDeleted"] = is_deleted
        if orientation is not UNSET:
            field_dict["orientation"] = orientation
        if path is not UNSET:
            field_dict["path"] = path
        if width is not UNSET:
            field_dict["width"] = width

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mime_type = d.pop("mimeType")

        name = d.pop("name")

        type_ = CreateUploadRequestType(d.pop("type"))

        def _parse_duration(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        duration = _parse_duration(d.pop("duration", UNSET))

        def _parse_file_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        file_size = _parse_file_size(d.pop("fileSize", UNSET))

        def _parse_fps(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        fps = _parse_fps(d.pop("fps", UNSET))

        def _parse_has_audio(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        has_audio = _parse_has_audio(d.pop("hasAudio", UNSET))

        def _parse_has_video(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        has_video = _parse_has_video(d.pop("hasVideo", UNSET))

        def _parse_height(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        height = _parse_height(d.pop("height", UNSET))

        def _parse_is_deleted(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_deleted = _parse_is_deleted(d.pop("isDeleted", UNSET))

        def _parse_orientation(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        orientation = _parse_orientation(d.pop("orientation", UNSET))

        def _parse_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        path = _parse_path(d.pop("path", UNSET))

        def _parse_width(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        width = _parse_width(d.pop("width", UNSET))

        create_upload_request = cls(
            mime_type=mime_type,
            name=name,
            type_=type_,
            duration=duration,
            file_size=file_size,
            fps=fps,
            has_audio=has_audio,
            has_video=has_video,
            height=height,
            is_deleted=is_deleted,
            orientation=orientation,
            path=path,
            width=width,
        )

        create_upload_request.additional_properties = d
        return create_upload_request

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
