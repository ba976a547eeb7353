"""The prices the command line has seen, kept between runs.

Each ``dezgo`` process starts with an empty ledger, so without memory ``--budget-usd``
could never refuse a one-off call: its price is unknown until it is paid. The price of
each kind of call (``dezgo.billing.price_key``) is kept in a file of the user's cache
folder (``dezgo.billing.FilePrices``), and a later run's budget refuses, before sending,
a call whose last known price exceeds what is left. A missing or unreadable cache is
just empty.
"""

from __future__ import annotations

from pathlib import Path

from dezgo._cache import cache_folder
from dezgo.billing import FilePrices

__all__ = ["cache_path", "remembered_prices"]


def cache_path() -> Path:
    """``prices.json`` in the SDK's cache folder (``dezgo._cache``)."""
    return cache_folder() / "prices.json"


def remembered_prices(path: Path | None = None) -> FilePrices:
    """The command line's price book: what earlier runs paid; ``save()`` it when done."""
    return FilePrices(path or cache_path())
