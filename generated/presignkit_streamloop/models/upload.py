from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.upload_type import UploadType
from ..types import UNSET, Unset

T = TypeVar("T", bound="Upload")


@_attrs_define
class Upload:
    """An upload (source media record).

    Attributes:
        created_at (datetime.datetime):
        id (str): Resource identifier.
        mime_type (str):
        name (str):
        type_ (UploadType): Kind of media.
        uploaded (bool): True once the bytes have arrived and the upload was completed.
        file_size (int | None | Unset): File size in bytes, once known.
    """

    created_at: datetime.datetime
    id: str
    mime_type: str
    name: str
    type_: UploadType
    uploaded: bool
    file_size: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        mime_type = self.mime_type

        name = self.name

        type_ = self.type_.value

        uploaded = self.uploaded

        file_size: int | None | Unset
        if isinstance(self.file_size, Unset):
            file_size = UNSET
        else:
            file_size = self.file_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "createdAt": created_at,
                "id": id,
                "mimeType": mime_type,
                "name": name,
                "type": type_,
                "uploaded": uploaded,
            }
        )
        if file_size is not UNSET:
            field_dict["fileSize"] = file_size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        id = d.pop("id")

        mime_type = d.pop("mimeType")

        name = d.pop("name")

        type_ = UploadType(d.pop("type"))

        uploaded = d.pop("uploaded")

        def _parse_file_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        file_size = _parse_file_size(d.pop("fileSize", UNSET))

        upload = cls(
            created_at=created_at,
            id=id,
            mime_type=mime_type,
            name=name,
            type_=type_,
            uploaded=uploaded,
            file_size=file_size,
        )

        upload.additional_properties = d
        return upload

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
