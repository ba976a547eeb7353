from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.job_ticket_tx import JobTicketTx


T = TypeVar("T", bound="JobTicket")


@_attrs_define
class JobTicket:
    """Returned instead of the result's bytes when a job runs asynchronously.

    Attributes:
        tx (JobTicketTx):
    """

    tx: JobTicketTx
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tx = self.tx.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tx": tx,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.job_ticket_tx import JobTicketTx

        d = dict(src_dict)
        tx = JobTicketTx.from_dict(d.pop("tx"))

        job_ticket = cls(
            tx=tx,
        )

        job_ticket.additional_properties = d
        return job_ticket

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
