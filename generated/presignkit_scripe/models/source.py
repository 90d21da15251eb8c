from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.topic import Topic


T = TypeVar("T", bound="Source")


@_attrs_define
class Source:
    """A transcribed source. `textPreview` holds at most the first 2000 characters of the transcript.

    Attributes:
        id (str):
        status (str): Processing state, e.g. `Done` (a text source may say `Success`); other values may appear.
        text_preview_truncated (bool): Whether the transcript is longer than `textPreview`.
        has_full_text (bool):
        project_id (str | Unset):
        name (None | str | Unset):
        file_type (None | str | Unset): MIME type of the original file, for a file source.
        duration_seconds (float | None | Unset): Length of the audio or video in seconds, for a file source.
        created_at (datetime.datetime | Unset):
        updated_at (datetime.datetime | Unset):
        text_preview (None | str | Unset): First 2000 characters of the transcript.
        topics (list[Topic] | Unset): Topics extracted from the transcript.
    """

    id: str
    status: str
    text_preview_truncated: bool
    has_full_text: bool
    project_id: str | Unset = UNSET
    name: None | str | Unset = UNSET
    file_type: None | str | Unset = UNSET
    duration_seconds: float | None | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    text_preview: None | str | Unset = UNSET
    topics: list[Topic] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status

        text_preview_truncated = self.text_preview_truncated

        has_full_text = self.has_full_text

        project_id = self.project_id

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        file_type: None | str | Unset
        if isinstance(self.file_type, Unset):
            file_type = UNSET
        else:
            file_type = self.file_type

        duration_seconds: float | None | Unset
        if isinstance(self.duration_seconds, Unset):
            duration_seconds = UNSET
        else:
            duration_seconds = self.duration_seconds

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        text_preview: None | str | Unset
        if isinstance(self.text_preview, Unset):
            text_preview = UNSET
        else:
            text_preview = self.text_preview

        topics: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.topics, Unset):
            topics = []
            for topics_item_data in self.topics:
                topics_item = topics_item_data.to_dict()
                topics.append(topics_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "textPreviewTruncated": text_preview_truncated,
                "hasFullText": has_full_text,
            }
        )
        if project_id is not UNSET:
            field_dict["projectId"] = project_id
        if name is not UNSET:
            field_dict["name"] = name
        if file_type is not UNSET:
            field_dict["fileType"] = file_type
        if duration_seconds is not UNSET:
            field_dict["durationSeconds"] = duration_seconds
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at
        if text_preview is not UNSET:
            field_dict["textPreview"] = text_preview
        if topics is not UNSET:
            field_dict["topics"] = topics

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.topic import Topic  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        status = d.pop("status")

        text_preview_truncated = d.pop("textPreviewTruncated")

        has_full_text = d.pop("hasFullText")

        project_id = d.pop("projectId", UNSET)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_file_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_type = _parse_file_type(d.pop("fileType", UNSET))

        def _parse_duration_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        duration_seconds = _parse_duration_seconds(d.pop("durationSeconds", UNSET))

        _created_at = d.pop("createdAt", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _updated_at = d.pop("updatedAt", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        def _parse_text_preview(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text_preview = _parse_text_preview(d.pop("textPreview", UNSET))

        _topics = d.pop("topics", UNSET)
        topics: list[Topic] | Unset = UNSET
        if _topics is not UNSET:
            topics = []
            for topics_item_data in _topics:
                topics_item = Topic.from_dict(topics_item_data)

                topics.append(topics_item)

        source = cls(
            id=id,
            status=status,
            text_preview_truncated=text_preview_truncated,
            has_full_text=has_full_text,
            project_id=project_id,
            name=name,
            file_type=file_type,
            duration_seconds=duration_seconds,
            created_at=created_at,
            updated_at=updated_at,
            text_preview=text_preview,
            topics=topics,
        )

        source.additional_properties = d
        return source

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
