from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_upload_request_content_type import CreateUploadRequestContentType
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateUploadRequest")


@_attrs_define
class CreateUploadRequest:
    """The image to upload, described before its bytes are sent.

    Attributes:
        content_type (CreateUploadRequestContentType): The MIME type of the file to upload.
        content_length (int): The size of the file in bytes. Must be a positive integer no greater than 4,000,000 bytes.
        email_message_id (str | Unset): The email message the asset belongs to. Optional: Loops' API reference does not
            list it, but Loops' Go SDK always sends it and one version of Loops' CLI requires it.
    """

    content_type: CreateUploadRequestContentType
    content_length: int
    email_message_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type.value

        content_length = self.content_length

        email_message_id = self.email_message_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contentType": content_type,
                "contentLength": content_length,
            }
        )
        if email_message_id is not UNSET:
            field_dict["emailMessageId"] = email_message_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_type = CreateUploadRequestContentType(d.pop("contentType"))

        content_length = d.pop("contentLength")

        email_message_id = d.pop("emailMessageId", UNSET)

        create_upload_request = cls(
            content_type=content_type,
            content_length=content_length,
            email_message_id=email_message_id,
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
