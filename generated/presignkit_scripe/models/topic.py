from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.hook import Hook


T = TypeVar("T", bound="Topic")


@_attrs_define
class Topic:
    """
    Attributes:
        id (str):
        title (str | Unset):
        summary (str | Unset):
        key_takeaways (list[str] | Unset):
        ranking (float | Unset):
        score (float | Unset):
        from_seconds (float | Unset):
        to_seconds (float | Unset):
        hooks (list[Hook] | Unset):
    """

    id: str
    title: str | Unset = UNSET
    summary: str | Unset = UNSET
    key_takeaways: list[str] | Unset = UNSET
    ranking: float | Unset = UNSET
    score: float | Unset = UNSET
    from_seconds: float | Unset = UNSET
    to_seconds: float | Unset = UNSET
    hooks: list[Hook] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        summary = self.summary

        key_takeaways: list[str] | Unset = UNSET
        if not isinstance(self.key_takeaways, Unset):
            key_takeaways = self.key_takeaways

        ranking = self.ranking

        score = self.score

        from_seconds = self.from_seconds

        to_seconds = self.to_seconds

        hooks: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.hooks, Unset):
            hooks = []
            for hooks_item_data in self.hooks:
                hooks_item = hooks_item_data.to_dict()
                hooks.append(hooks_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title
        if summary is not UNSET:
            field_dict["summary"] = summary
        if key_takeaways is not UNSET:
            field_dict["keyTakeaways"] = key_takeaways
        if ranking is not UNSET:
            field_dict["ranking"] = ranking
        if score is not UNSET:
            field_dict["score"] = score
        if from_seconds is not UNSET:
            field_dict["fromSeconds"] = from_seconds
        if to_seconds is not UNSET:
            field_dict["toSeconds"] = to_seconds
        if hooks is not UNSET:
            field_dict["hooks"] = hooks

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.hook import Hook  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title", UNSET)

        summary = d.pop("summary", UNSET)

        key_takeaways = cast(list[str], d.pop("keyTakeaways", UNSET))

        ranking = d.pop("ranking", UNSET)

        score = d.pop("score", UNSET)

        from_seconds = d.pop("fromSeconds", UNSET)

        to_seconds = d.pop("toSeconds", UNSET)

        _hooks = d.pop("hooks", UNSET)
        hooks: list[Hook] | Unset = UNSET
        if _hooks is not UNSET:
            hooks = []
            for hooks_item_data in _hooks:
                hooks_item = Hook.from_dict(hooks_item_data)

                hooks.append(hooks_item)

        topic = cls(
            id=id,
            title=title,
            summary=summary,
            key_takeaways=key_takeaways,
            ranking=ranking,
            score=score,
            from_seconds=from_seconds,
            to_seconds=to_seconds,
            hooks=hooks,
        )

        topic.additional_properties = d
        return topic

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
