from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.presigned_upload_headers import PresignedUploadHeaders


T = TypeVar("T", bound="PresignedUpload")


@_attrs_define
class PresignedUpload:
    """Where and how to upload the file, and where it will then be served.

    Attributes:
        upload_url (str): The signed storage URL to send the file to.
        success (bool | Unset):
        method (str | Unset): The HTTP method of the upload request, e.g. `PUT`.
        headers (PresignedUploadHeaders | Unset): Headers to send with the upload request exactly as given, e.g.
            `{"Content-Type": "video/mp4"}`.
        public_url (str | Unset): Where the uploaded file will be served once the upload succeeds.
    """

    upload_url: str
    success: bool | Unset = UNSET
    method: str | Unset = UNSET
    headers: PresignedUploadHeaders | Unset = UNSET
    public_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        upload_url = self.upload_url

        success = self.success

        method = self.method

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        public_url = self.public_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uploadUrl": upload_url,
            }
        )
        if success is not UNSET:
            field_dict["success"] = success
        if method is not UNSET:
            field_dict["method"] = method
        if headers is not UNSET:
            field_dict["headers"] = headers
        if public_url is not UNSET:
            field_dict["publicUrl"] = public_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.presigned_upload_headers import PresignedUploadHeaders  # noqa: PLC0415

        d = dict(src_dict)
        upload_url = d.pop("uploadUrl")

        success = d.pop("success", UNSET)

        method = d.pop("method", UNSET)

        _headers = d.pop("headers", UNSET)
        headers: PresignedUploadHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = PresignedUploadHeaders.from_dict(_headers)

        public_url = d.pop("publicUrl", UNSET)

        presigned_upload = cls(
            upload_url=upload_url,
            success=success,
            method=method,
            headers=headers,
            public_url=public_url,
        )

        presigned_upload.additional_properties = d
        return presigned_upload

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
