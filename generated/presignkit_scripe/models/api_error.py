from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.api_error_details import ApiErrorDetails


T = TypeVar("T", bound="ApiError")


@_attrs_define
class ApiError:
    """
    Attributes:
        code (str): Stable machine-readable code, e.g. version_unsupported, invalid_request, bad_pagination,
            unprocessable, idempotency_key_conflict, payload_too_large, rate_limited; other codes may appear.
        message (str):
        request_id (str | Unset):
        docs_url (str | Unset):
        details (ApiErrorDetails | Unset): Code-specific extras, e.g. `{"accepted": ["2026-08-01"]}`.
    """

    code: str
    message: str
    request_id: str | Unset = UNSET
    docs_url: str | Unset = UNSET
    details: ApiErrorDetails | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        request_id = self.request_id

        docs_url = self.docs_url

        details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = self.details.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if docs_url is not UNSET:
            field_dict["docs_url"] = docs_url
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.api_error_details import ApiErrorDetails  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        request_id = d.pop("request_id", UNSET)

        docs_url = d.pop("docs_url", UNSET)

        _details = d.pop("details", UNSET)
        details: ApiErrorDetails | Unset
        if isinstance(_details, Unset):
            details = UNSET
        else:
            details = ApiErrorDetails.from_dict(_details)

        api_error = cls(
            code=code,
            message=message,
            request_id=request_id,
            docs_url=docs_url,
            details=details,
        )

        api_error.additional_properties = d
        return api_error

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
