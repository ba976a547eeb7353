"""dezgo: the Python SDK for the Dezgo image-generation API.

from dezgo import Dezgo

with Dezgo() as client:                      # the key comes from DEZGO_API_KEY
    img = client.text2image(prompt="a lighthouse at dusk", seed=42)
    img.save("lighthouse.png")
    print(img.charge)                        # 0.0038 USD, balance 4.9962 USD

The public names load on first use (PEP 562): ``import dezgo.spec.diff`` (the
drift check, run in CI over many specs) must not pay for the HTTP client.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dezgo import _logging
from dezgo._version import __version__

_logging.configure_from_env()

if TYPE_CHECKING:
    from dezgo._client import AsyncDezgo, Dezgo
    from dezgo._metadata import ImageMetadata, read_metadata
    from dezgo._types import NOT_GIVEN, NotGiven
    from dezgo._validation import WeakEvidenceWarning
    from dezgo.billing import Budget, Charge, Ledger
    from dezgo.errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BudgetExceededError,
        DezgoError,
        InsufficientBalanceError,
        InvalidRequestError,
        MissingAPIKeyError,
        NotFoundError,
        PermissionDeniedError,
        RateLimitError,
        ServerError,
        SpecError,
        UnexpectedResponseError,
        UnprocessableRequestError,
    )
    from dezgo.images import Image, Video
    from dezgo.models import Catalogue, JobStatus, ModelInfo, Transaction

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncDezgo",
    "AuthenticationError",
    "Budget",
    "BudgetExceededError",
    "Catalogue",
    "Charge",
    "Dezgo",
    "DezgoError",
    "Image",
    "ImageMetadata",
    "InsufficientBalanceError",
    "InvalidRequestError",
    "JobStatus",
    "Ledger",
    "MissingAPIKeyError",
    "ModelInfo",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "SpecError",
    "Transaction",
    "UnexpectedResponseError",
    "UnprocessableRequestError",
    "Video",
    "WeakEvidenceWarning",
    "__version__",
    "read_metadata",
]

# Where each public name lives; looked up on first use.
_MODULES = {
    "dezgo._client": ("AsyncDezgo", "Dezgo"),
    "dezgo._metadata": ("ImageMetadata", "read_metadata"),
    "dezgo._types": ("NOT_GIVEN", "NotGiven"),
    "dezgo._validation": ("WeakEvidenceWarning",),
    "dezgo.billing": ("Budget", "Charge", "Ledger"),
    "dezgo.images": ("Image", "Video"),
    "dezgo.models": ("Catalogue", "JobStatus", "ModelInfo", "Transaction"),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}
_WHERE.update(dict.fromkeys((n for n in __all__ if n.endswith("Error")), "dezgo.errors"))


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'dezgo' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return __all__
