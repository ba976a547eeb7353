"""The prices the command line has seen, kept between runs.

Each ``dezgo`` process starts with an empty ledger, so without memory ``--budget-usd``
could never refuse a one-off call: its price is unknown until it is paid. The last
price of each kind of call (operation, size, steps, model, upscale) is kept in the
user's cache folder, and a later run's budget refuses, before sending, a call whose
last known price exceeds what is left. A missing or unreadable cache is just empty.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Hashable
from decimal import Decimal
from pathlib import Path
from typing import Any

from dezgo._atomic import atomic_write_bytes
from dezgo._cache import cache_folder
from dezgo.billing import Ledger, parse_amount

__all__ = ["cache_path", "load_prices", "save_prices"]

logger = logging.getLogger("dezgo.cli")
MAX_CACHE_BYTES = 1024 * 1024


def cache_path() -> Path:
    """``prices.json`` in the SDK's cache folder (``dezgo._cache``)."""
    return cache_folder() / "prices.json"


def _to_key(raw: Any) -> Hashable | None:
    if not isinstance(raw, list) or not raw or not isinstance(raw[0], str):
        return None
    parts: list[Any] = [raw[0]]
    for item in raw[1:]:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            return None
        if not isinstance(item[1], (str, int, float, bool, type(None))):
            return None
        parts.append((item[0], item[1]))
    return tuple(parts)


def _from_key(key: Hashable) -> list[Any] | None:
    if not isinstance(key, tuple) or not key or not isinstance(key[0], str):
        return None
    return [key[0], *([name, value] for name, value in key[1:])]


def _read(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_CACHE_BYTES:
            return {}
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_prices(ledger: Ledger, path: Path | None = None) -> int:
    """Give ``ledger`` the prices of earlier runs; returns how many."""
    loaded = 0
    for item in _read(path or cache_path()).get("prices", []):
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], str)):
            continue
        key = _to_key(item[0])
        amount = parse_amount(item[1], header="the price cache")
        if key is not None and amount is not None:
            ledger.remember_price(key, amount)
            loaded += 1
    return loaded


def save_prices(ledger: Ledger, path: Path | None = None) -> None:
    """Merge the prices ``ledger`` saw into the cache (atomically; failures only logged)."""
    target = path or cache_path()
    seen = ledger.prices()
    if not seen:
        return
    merged: dict[str, tuple[list[Any], Decimal | str]] = {}
    for item in _read(target).get("prices", []):
        if isinstance(item, list) and len(item) == 2:
            merged[json.dumps(item[0], sort_keys=True)] = (item[0], item[1])
    for key, amount in seen.items():
        encoded = _from_key(key)
        if encoded is not None:
            merged[json.dumps(encoded, sort_keys=True)] = (encoded, amount)
    payload = {
        "version": 1,
        "prices": [[k, format(v, "f") if isinstance(v, Decimal) else v] for k, v in merged.values()],
    }
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, (json.dumps(payload, indent=1) + "\n").encode(), fsync=False)
    except OSError as exc:
        logger.debug("cannot write the price cache %s: %s", target, exc)
