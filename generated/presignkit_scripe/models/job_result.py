from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobResult")


@_attrs_define
class JobResult:
    """Set when the job is DONE; its key depends on `type`: `sourceId` (`src_...`) for SOURCE_INGEST_FILE, `documentId`
    (`kb_...`) for KB_INGEST_*, `postId` (`post_...`) for POST_GENERATION.

        Attributes:
            source_id (str | Unset):
            document_id (str | Unset):
            post_id (str | Unset):
    """

    source_id: str | Unset = UNSET
    document_id: str | Unset = UNSET
    post_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source_id = self.source_id

        document_id = self.document_id

        post_id = self.post_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if source_id is not UNSET:
            field_dict["sourceId"] = source_id
        if document_id is not UNSET:
            field_dict["documentId"] = document_id
        if post_id is not UNSET:
            field_dict["postId"] = post_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source_id = d.pop("sourceId", UNSET)

        document_id = d.pop("documentId", UNSET)

        post_id = d.pop("postId", UNSET)

        job_result = cls(
            source_id=source_id,
            document_id=document_id,
            post_id=post_id,
        )

        job_result.additional_properties = d
        return job_result

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
