from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateUploadRequest")


@_attrs_define
class CreateUploadRequest:
    """The file to upload, described before its bytes are sent.

    Attributes:
        content_type (str): MIME type of the file. Accepted families: audio/*, video/*, image/*, application/pdf,
            application/msword (+ Office Open XML variants), text/plain. Other types return 422 `unprocessable`.
        max_size_bytes (int | Unset): Max bytes the caller expects to upload. Defaults to the per-content-type cap; a
            value over the cap returns 422 `unprocessable`.
    """

    content_type: str
    max_size_bytes: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type

        max_size_bytes = self.max_size_bytes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contentType": content_type,
            }
        )
        if max_size_bytes is not UNSET:
            field_dict["maxSizeBytes"] = max_size_bytes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_type = d.pop("contentType")

        max_size_bytes = d.pop("maxSizeBytes", UNSET)

        create_upload_request = cls(
            content_type=content_type,
            max_size_bytes=max_size_bytes,
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
