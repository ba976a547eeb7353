"""What a call of a kind costs: its price key, and the one price book the budget reads.

A price is known only for the arguments that set it. Dezgo bills a job by what it
computes: the sizes of its inputs and outputs, the model, the steps, a duration, an
upscale factor, and whatever else the service may weigh. So a call's price key is
its operation and every argument it was given, images by their pixel size, except
the few that only say *what* to draw (the prompts and the seed) or how to encode it
(the output format): when unsure, an argument sets the price. A call whose key matches no priced call is unpriced.

The book has one interface and three backings: memory (a client's own), a file
(the command line remembers prices between runs) and a batch's journal (prices
earlier runs of that batch paid).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Hashable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from dezgo._atomic import atomic_write_bytes
from dezgo.billing._amounts import parse_amount

__all__ = [
    "PRICE_NEUTRAL_ARGUMENTS",
    "FilePrices",
    "MemoryPrices",
    "PriceBook",
    "PriceKey",
    "price_key",
]

logger = logging.getLogger("dezgo.billing")

PriceKey = tuple[Any, ...]
PRICE_NEUTRAL_ARGUMENTS = frozenset({"prompt", "negative_prompt", "mask_prompt", "seed", "format"})
"""Arguments that say what to draw, or how to encode the pixels drawn, not how much to compute:
the only ones a price ignores (Dezgo prices by model, size and steps)."""
MAX_FILE_BYTES = 1024 * 1024
FILE_FORMAT = 2
"""Bumped when price keys change meaning (format 1 keyed on five arguments only)."""


def _hashable(value: Any) -> Hashable:
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    return repr(value)


def price_key(
    operation: str, arguments: Mapping[str, Any], images: Mapping[str, Hashable] | None = None
) -> PriceKey:
    """The key of a call's price: its operation, every price-setting argument it was given (wire
    names), and each image by ``images[field]`` (its pixel size, or what stands for it)."""
    given = tuple(
        sorted(
            (name, _hashable(value))
            for name, value in arguments.items()
            if name not in PRICE_NEUTRAL_ARGUMENTS and (images is None or name not in images)
        )
    )
    pictures = tuple(sorted((name, _hashable(size)) for name, size in (images or {}).items()))
    return (operation, given, pictures)


class PriceBook(Protocol):
    """Where known prices are kept; the budget reads it, the ledger writes what it learns."""

    def price_of(self, key: Hashable) -> Decimal | None: ...

    def remember(self, key: Hashable, amount: Decimal) -> None:
        """``amount`` is what a call of ``key`` cost (the latest wins)."""

    def prices(self) -> dict[Hashable, Decimal]: ...


class MemoryPrices:
    """A price book in memory, thread-safe."""

    def __init__(self, prices: Mapping[Hashable, Decimal] | None = None) -> None:
        self._lock = threading.Lock()
        self._prices: dict[Hashable, Decimal] = dict(prices or {})

    def price_of(self, key: Hashable) -> Decimal | None:
        with self._lock:
            return self._prices.get(key)

    def remember(self, key: Hashable, amount: Decimal) -> None:
        with self._lock:
            self._prices[key] = amount

    def prices(self) -> dict[Hashable, Decimal]:
        with self._lock:
            return dict(self._prices)

    def __len__(self) -> int:
        with self._lock:
            return len(self._prices)


def _encode(value: Hashable) -> Any:
    if isinstance(value, tuple):
        return {"t": [_encode(v) for v in value]}
    return value


def _decode(value: Any) -> Hashable:
    if isinstance(value, dict) and isinstance(value.get("t"), list):
        return tuple(_decode(v) for v in value["t"])
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    raise ValueError("not a price key")


class FilePrices(MemoryPrices):
    """A price book kept in a JSON file between processes (the command line's, in the user's cache).

    Read when made (a missing, unreadable or foreign file is an empty book); ``save`` merges what
    this process learned into the file atomically, and a failure to write is only logged.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(dict(self._read()))
        self._learned: set[Hashable] = set()

    def _read(self) -> Iterable[tuple[Hashable, Decimal]]:
        try:
            if self.path.stat().st_size > MAX_FILE_BYTES:
                return []
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return []
        if not isinstance(data, dict) or data.get("version") != FILE_FORMAT:
            return []
        out = []
        for item in data.get("prices", []):
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], str)):
                continue
            amount = parse_amount(item[1], header="the price cache")
            try:
                key = _decode(item[0])
            except ValueError:
                continue
            if amount is not None:
                out.append((key, amount))
        return out

    def remember(self, key: Hashable, amount: Decimal) -> None:
        super().remember(key, amount)
        with self._lock:
            self._learned.add(key)

    def save(self) -> None:
        with self._lock:
            learned = {key: self._prices[key] for key in self._learned}
        if not learned:
            return
        merged = dict(self._read())
        merged.update(learned)
        payload = {
            "version": FILE_FORMAT,
            "prices": [[_encode(key), format(amount, "f")] for key, amount in merged.items()],
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, (json.dumps(payload, indent=1) + "\n").encode(), fsync=False)
        except OSError as exc:
            logger.debug("cannot write the price cache %s: %s", self.path, exc)
