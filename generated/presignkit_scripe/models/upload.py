from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Upload")


@_attrs_define
class Upload:
    """
    Attributes:
        id (str): Opaque upload id (`upl_...`), bound to the workspace; pass it as `uploadId`.
        upload_url (str): Single-use presigned S3 PUT URL, bound to `contentType` and the size cap. No API auth: the
            signature carries it.
        content_type (str): The Content-Type the PUT must carry.
        max_size_bytes (int): The most bytes the PUT may carry.
        expires_at (datetime.datetime): When the URL stops working.
    """

    id: str
    upload_url: str
    content_type: str
    max_size_bytes: int
    expires_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        upload_url = self.upload_url

        content_type = self.content_type

        max_size_bytes = self.max_size_bytes

        expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "uploadUrl": upload_url,
                "contentType": content_type,
                "maxSizeBytes": max_size_bytes,
                "expiresAt": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        upload_url = d.pop("uploadUrl")

        content_type = d.pop("contentType")

        max_size_bytes = d.pop("maxSizeBytes")

        expires_at = datetime.datetime.fromisoformat(d.pop("expiresAt"))

        upload = cls(
            id=id,
            upload_url=upload_url,
            content_type=content_type,
            max_size_bytes=max_size_bytes,
            expires_at=expires_at,
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
