from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateUploadResponse")


@_attrs_define
class CreateUploadResponse:
    """
    Attributes:
        email_asset_id (str): The ID of the created asset. Pass it to Complete an upload once the file has been
            uploaded.
        presigned_url (str): The pre-signed URL to upload the file to with an HTTP PUT request. Send the same Content-
            Type and Content-Length used in the create request.
        success (bool | Unset):
        expires_at (datetime.datetime | Unset): When the presigned URL expires, if the response says.
    """

    email_asset_id: str
    presigned_url: str
    success: bool | Unset = UNSET
    expires_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email_asset_id = self.email_asset_id

        presigned_url = self.presigned_url

        success = self.success

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "emailAssetId": email_asset_id,
                "presignedUrl": presigned_url,
            }
        )
        if success is not UNSET:
            field_dict["success"] = success
        if expires_at is not UNSET:
            field_dict["expiresAt"] = expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email_asset_id = d.pop("emailAssetId")

        presigned_url = d.pop("presignedUrl")

        success = d.pop("success", UNSET)

        _expires_at = d.pop("expiresAt", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        create_upload_response = cls(
            email_asset_id=email_asset_id,
            presigned_url=presigned_url,
            success=success,
            expires_at=expires_at,
        )

        create_upload_response.additional_properties = d
        return create_upload_response

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
