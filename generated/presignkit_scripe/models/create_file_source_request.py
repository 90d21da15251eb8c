from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateFileSourceRequest")


@_attrs_define
class CreateFileSourceRequest:
    """A file uploaded through `POST /uploads`, transcribed asynchronously; answered with a JobSingle of type
    SOURCE_INGEST_FILE.

        Attributes:
            type_ (Literal['file']):
            upload_id (str): The `id` returned by `POST /uploads` (`upl_...`).
            name (str | Unset): Display name of the source.
            project_id (str | Unset): Project to file the source under (`proj_...`).
    """

    type_: Literal["file"]
    upload_id: str
    name: str | Unset = UNSET
    project_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        upload_id = self.upload_id

        name = self.name

        project_id = self.project_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "uploadId": upload_id,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if project_id is not UNSET:
            field_dict["projectId"] = project_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["file"], d.pop("type"))
        if type_ != "file":
            raise ValueError(f"type must match const 'file', got '{type_}'")

        upload_id = d.pop("uploadId")

        name = d.pop("name", UNSET)

        project_id = d.pop("projectId", UNSET)

        create_file_source_request = cls(
            type_=type_,
            upload_id=upload_id,
            name=name,
            project_id=project_id,
        )

        create_file_source_request.additional_properties = d
        return create_file_source_request

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
