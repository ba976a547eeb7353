"""dezgo: the Python SDK for the Dezgo image-generation API.

from dezgo import Dezgo

with Dezgo() as client:                      # the key comes from DEZGO_API_KEY
    img = client.text2image(prompt="a lighthouse at dusk", seed=42)
    img.save("lighthouse.png")
    print(img.charge)                        # 0.0038 USD, balance 4.9962 USD
"""

from dezgo._client import AsyncDezgo, Dezgo
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
    UnprocessableRequestError,
)
from dezgo.images import Image, Video
from dezgo.models import Catalogue, JobStatus, ModelInfo, Transaction

__version__ = "0.1.0"

__all__ = [
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
    "InsufficientBalanceError",
    "InvalidRequestError",
    "JobStatus",
    "Ledger",
    "MissingAPIKeyError",
    "ModelInfo",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "SpecError",
    "Transaction",
    "UnprocessableRequestError",
    "Video",
    "__version__",
]
