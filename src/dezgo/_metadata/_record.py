"""How an image was made, as a file keeps it: the call, the facts of the result, and their JSON.

The record is what ``dezgo.read_metadata`` gives back, so its ``arguments`` are the
keyword arguments to make the image again: what the caller passed that the spec
knows as the operation's parameters (nothing else: never a key, a header or an
option of the client), with the seed the service used. Image inputs are kept as
the path the caller gave; inputs given as bytes, file objects or PIL images cannot
be kept, and are named in ``left_out``.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import attrs

from dezgo._types import NotGiven
from dezgo._version import __version__

if TYPE_CHECKING:
    from dezgo._spec import Operation

__all__ = ["FORMAT_VERSION", "SOFTWARE", "Call", "ImageMetadata"]

FORMAT_VERSION = 1
SOFTWARE = f"dezgo-python {__version__}"
MAX_RECORD_CHARS = 60_000
"""A record longer than this is refused on reading (a JPEG segment holds at most 64 KiB)."""
_MAX_DEPTH = 8


def _is_json(value: Any, depth: int = 0) -> bool:
    """A value JSON keeps exactly: strings, booleans, integers, finite floats, lists and objects of them."""
    if isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if depth >= _MAX_DEPTH:
        return False
    if isinstance(value, (list, tuple)):
        return all(_is_json(item, depth + 1) for item in value)
    if isinstance(value, Mapping):
        return all(isinstance(k, str) and _is_json(v, depth + 1) for k, v in value.items())
    return False


@attrs.frozen
class Call:
    """The call that made a result, as far as a file can keep it."""

    operation: str
    arguments: Mapping[str, Any] = attrs.field(factory=dict)
    """The keyword arguments passed, as JSON values (image inputs: the path given)."""
    left_out: tuple[str, ...] = ()
    """Arguments passed that no file can keep (images given as bytes, file objects or PIL images)."""
    takes_seed: bool = False
    """The operation has a ``seed`` parameter: the seed the service used makes the image again."""

    @classmethod
    def of(cls, op: Operation, arguments: Mapping[str, Any]) -> Call:
        """Only the operation's own parameters are kept: whatever else a call was given (a key,
        extra headers, client options) can never reach a file."""
        params = {p.name: p for p in op.params}
        kept: dict[str, Any] = {}
        left_out: list[str] = []
        for name, value in arguments.items():
            param = params.get(name)
            if param is None or isinstance(value, NotGiven) or (value is None and not param.allows_null):
                continue
            if param.is_image:
                path = os.fspath(value) if isinstance(value, (str, os.PathLike)) else None
                if isinstance(path, str):
                    kept[name] = path
                else:
                    left_out.append(name)
            elif value is None or _is_json(value):
                kept[name] = list(value) if isinstance(value, tuple) else value
            else:
                left_out.append(name)
        return cls(op.name, kept, tuple(left_out), takes_seed="seed" in params)


def _optional_int(record: Mapping[str, Any], key: str) -> int | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key} is not an integer")
    return value


def _amount(text: Any) -> Decimal | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise ValueError("charge_usd is not a decimal string")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("charge_usd is not a decimal string") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("charge_usd is not an amount")
    return amount


def _quote(value: str) -> str:
    """A value of the "Steps: 30, Sampler: ..." line, quoted when it would break the line's syntax."""
    return json.dumps(value, ensure_ascii=False) if any(c in value for c in ',:"\n') else value


@attrs.frozen
class ImageMetadata:
    """How an image was made: ``getattr(client, m.operation)(**m.arguments)`` makes it again.

    ``arguments`` hold the seed the service used, even when the call passed none. Inputs in
    ``left_out`` must be passed again by hand. The other fields are facts of the result.
    """

    operation: str
    arguments: Mapping[str, Any] = attrs.field(factory=dict)
    left_out: tuple[str, ...] = ()
    seed: int | None = None
    width: int | None = None
    height: int | None = None
    charge_usd: Decimal | None = None
    software: str = SOFTWARE
    """The SDK (and its version) that wrote the file."""

    @classmethod
    def of(
        cls,
        call: Call,
        *,
        seed: int | None,
        width: int | None,
        height: int | None,
        charge_usd: Decimal | None,
    ) -> ImageMetadata:
        """The record of a result of ``call``: its ``seed`` argument becomes the one the service
        used, which is what makes the image again (a call may have passed none, or -1)."""
        arguments = dict(call.arguments)
        if call.takes_seed and seed is not None:
            arguments["seed"] = seed
        return cls(call.operation, arguments, call.left_out, seed, width, height, charge_usd)

    def to_json(self) -> str:
        """ASCII JSON with sorted keys: the same record always gives the same bytes, and any
        container (XML, a Latin-1 chunk) can carry it unescaped."""
        record: dict[str, Any] = {
            "v": FORMAT_VERSION,
            "software": self.software,
            "operation": self.operation,
            "arguments": dict(self.arguments),
        }
        if self.left_out:
            record["left_out"] = list(self.left_out)
        for key in ("seed", "width", "height"):
            if getattr(self, key) is not None:
                record[key] = getattr(self, key)
        if self.charge_usd is not None:
            record["charge_usd"] = format(self.charge_usd, "f")
        return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=True)

    @classmethod
    def from_json(cls, text: str) -> ImageMetadata:
        """The record in ``text``; ValueError saying what is wrong (files come from anywhere)."""
        if len(text) > MAX_RECORD_CHARS:
            raise ValueError(f"the record is longer than {MAX_RECORD_CHARS} characters")
        try:
            record = json.loads(text)
        except (ValueError, RecursionError):
            raise ValueError("the record is not JSON") from None
        if not isinstance(record, dict):
            raise ValueError("the record is not a JSON object")
        version = record.get("v")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ValueError("the record has no format version")
        if version > FORMAT_VERSION:
            raise ValueError(f"the record's format {version} is newer than this SDK's ({FORMAT_VERSION})")
        operation, arguments = record.get("operation"), record.get("arguments", {})
        if not isinstance(operation, str) or not operation:
            raise ValueError("the record names no operation")
        if not isinstance(arguments, dict) or not _is_json(arguments):
            raise ValueError("the record's arguments are not a JSON object")
        left_out = record.get("left_out", [])
        if not isinstance(left_out, list) or not all(isinstance(n, str) for n in left_out):
            raise ValueError("the record's left_out is not a list of names")
        software = record.get("software", "")
        return cls(
            operation=operation,
            arguments=arguments,
            left_out=tuple(left_out),
            seed=_optional_int(record, "seed"),
            width=_optional_int(record, "width"),
            height=_optional_int(record, "height"),
            charge_usd=_amount(record.get("charge_usd")),
            software=software if isinstance(software, str) else "",
        )

    @property
    def prompt(self) -> str | None:
        value = self.arguments.get("prompt")
        return value if isinstance(value, str) else None

    def parameters_text(self) -> str:
        """The same facts in the "parameters" layout image tools show and parse: the prompt, a
        "Negative prompt:" line, then "Steps: 30, Sampler: ..., Seed: 42, Size: 512x512"."""
        args = self.arguments
        lines = [self.prompt or ""]
        negative = args.get("negative_prompt")
        if isinstance(negative, str) and negative:
            lines.append(f"Negative prompt: {negative}")
        pairs: list[tuple[str, Any]] = [
            ("Steps", args.get("steps")),
            ("Sampler", args.get("sampler")),
            ("CFG scale", args.get("guidance")),
            ("Seed", self.seed if self.seed is not None else args.get("seed")),
            ("Size", f"{self.width}x{self.height}" if self.width and self.height else None),
            ("Model", args.get("model")),
            ("Denoising strength", args.get("strength")),
            ("Dezgo operation", self.operation),
            ("Version", self.software),
        ]
        lines.append(", ".join(f"{k}: {_quote(str(v))}" for k, v in pairs if v is not None and v != ""))
        return "\n".join(lines)
