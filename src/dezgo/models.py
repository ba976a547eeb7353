"""Typed results for the JSON operations: the model catalogue, transactions, job status.

Built from the response JSON directly (numbers as ``Decimal`` where they are
money), so nothing generated leaks into user code and a new field the service
adds is kept in ``raw`` rather than breaking the parse.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs

__all__ = ["Catalogue", "JobStatus", "ModelGroup", "ModelInfo", "Transaction", "parse_json", "result_type_of"]


def parse_json(content: bytes) -> Any:
    """JSON with every non-integer number as an exact Decimal (money must not pass through float)."""
    return json.loads(content, parse_float=Decimal)


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


@attrs.frozen
class ModelInfo:
    """One model of the catalogue: its id (the ``model`` argument) and what it can do."""

    id: str
    name: str
    family: str
    functions: tuple[str, ...]
    description: str = ""
    license: str = ""
    categories: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    native_width: int | None = None
    native_height: int | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModelInfo:
        native = data.get("nativeResolution") or {}
        return cls(
            id=str(data.get("id", "")),
            name=str(data.get("name", "")),
            family=str(data.get("family", "")),
            functions=_strings(data.get("functions")),
            description=str(data.get("description", "")),
            license=str(data.get("license", "")),
            categories=_strings(data.get("categories")),
            triggers=_strings(data.get("triggers")),
            native_width=native.get("width") if isinstance(native, dict) else None,
            native_height=native.get("height") if isinstance(native, dict) else None,
        )


@attrs.frozen
class ModelGroup:
    key: str
    name: str
    models: tuple[str, ...]


@attrs.frozen
class Catalogue:
    """``GET /info``: the models the service offers."""

    models: tuple[ModelInfo, ...]
    groups: tuple[ModelGroup, ...] = ()
    name: str | None = None
    version: str | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Catalogue:
        return cls(
            models=tuple(ModelInfo.from_json(m) for m in data.get("models", []) if isinstance(m, dict)),
            groups=tuple(
                ModelGroup(str(g.get("key", "")), str(g.get("name", "")), _strings(g.get("models")))
                for g in data.get("groups", []) or []
                if isinstance(g, dict)
            ),
            name=data.get("name"),
            version=data.get("version"),
            raw=data,
        )

    def for_function(self, function: str) -> tuple[ModelInfo, ...]:
        """The models that serve an operation, e.g. ``for_function("text2image")``."""
        return tuple(m for m in self.models if function in m.functions)

    def __getitem__(self, model_id: str) -> ModelInfo:
        for model in self.models:
            if model.id == model_id:
                return model
        raise KeyError(model_id)


@attrs.frozen
class Transaction:
    """``GET /account/tx/last``: the last transaction; ``balance`` is the current balance in USD."""

    balance: Decimal
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Transaction:
        balance = data.get("balance")
        return cls(balance=Decimal(str(balance)) if balance is not None else Decimal(0), raw=data)

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]


@attrs.frozen
class JobStatus:
    """``GET /unstable/job/{tx_id}``: where an asynchronous job is."""

    status: str
    final: bool
    output_url: str | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JobStatus:
        files = data.get("files") or {}
        output = files.get("output") if isinstance(files, dict) else None
        url = output.get("url") if isinstance(output, dict) else None
        return cls(
            status=str(data.get("status", "")), final=bool(data.get("final")), output_url=url, raw=data
        )


RESULT_TYPES: dict[str, Any] = {"InfoResponse": Catalogue, "Transaction": Transaction, "JobStatus": JobStatus}
"""Response schema title -> the typed result built from it."""


def result_type_of(data: dict[str, Any]) -> Any:
    """The typed result a JSON answer's shape is, when no schema names one (a document that
    declares ``{}``): a catalogue lists models, a transaction has a balance, a job has a status."""
    if isinstance(data.get("models"), list):
        return Catalogue
    if "balance" in data:
        return Transaction
    if "status" in data and "final" in data:
        return JobStatus
    return None
