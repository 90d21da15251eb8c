from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UploadFailureResponse")


@_attrs_define
class UploadFailureResponse:
    """
    Attributes:
        message (str): An error message describing what went wrong.
        success (bool | Unset):
        supported_content_types (list[str] | Unset): Present when the request was rejected for an unsupported
            contentType. Lists the accepted MIME types.
        max_bytes (int | Unset): Present when the upload exceeds the size limit. The maximum allowed size in bytes.
        max_uploads (int | Unset): Present when the upload limit is exceeded. The maximum number of uploads allowed per
            window.
        window_hours (int | Unset): Present when the upload limit is exceeded. The number of hours in the upload limit
            window.
    """

    message: str
    success: bool | Unset = UNSET
    supported_content_types: list[str] | Unset = UNSET
    max_bytes: int | Unset = UNSET
    max_uploads: int | Unset = UNSET
    window_hours: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        success = self.success

        supported_content_types: list[str] | Unset = UNSET
        if not isinstance(self.supported_content_types, Unset):
            supported_content_types = self.supported_content_types

        max_bytes = self.max_bytes

        max_uploads = self.max_uploads

        window_hours = self.window_hours

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
            }
        )
        if success is not UNSET:
            field_dict["success"] = success
        if supported_content_types is not UNSET:
            field_dict["supportedContentTypes"] = supported_content_types
        if max_bytes is not UNSET:
            field_dict["maxBytes"] = max_bytes
        if max_uploads is not UNSET:
            field_dict["maxUploads"] = max_uploads
        if window_hours is not UNSET:
            field_dict["windowHours"] = window_hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        success = d.pop("success", UNSET)

        supported_content_types = cast(list[str], d.pop("supportedContentTypes", UNSET))

        max_bytes = d.pop("maxBytes", UNSET)

        max_uploads = d.pop("maxUploads", UNSET)

        window_hours = d.pop("windowHours", UNSET)

        upload_failure_response = cls(
            message=message,
            success=success,
            supported_content_types=supported_content_types,
            max_bytes=max_bytes,
            max_uploads=max_uploads,
            window_hours=window_hours,
        )

        upload_failure_response.additional_properties = d
        return upload_failure_response

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
