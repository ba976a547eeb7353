"""Facts about the service's wire protocol, each written once.

The base URLs, the authentication headers and the names of the billing headers
are used by the client, the billing code, the simulator and the spec tools;
they all read them from here. Retry timings live in ``_retry``.
"""

from __future__ import annotations

from typing import Literal

from dezgo._version import __version__

__all__ = [
    "AMOUNT_HEADER",
    "BALANCE_HEADERS",
    "DEFAULT_BASE_URL",
    "INDEX_HEADER",
    "JOB_ID_HEADER",
    "JOB_STARTED_HEADERS",
    "KEY_HEADER",
    "MEDIA_TYPES",
    "RAPIDAPI_BASE_URL",
    "RAPIDAPI_HOST",
    "RAPIDAPI_HOST_HEADER",
    "RAPIDAPI_KEY_HEADER",
    "SEED_HEADER",
    "USER_AGENT",
    "USER_HEADER",
    "Encoding",
]

DEFAULT_BASE_URL = "https://api.dezgo.com"
RAPIDAPI_HOST = "dezgo.p.rapidapi.com"
RAPIDAPI_BASE_URL = f"https://{RAPIDAPI_HOST}"
USER_AGENT = f"dezgo-python/{__version__}"

KEY_HEADER = "X-Dezgo-Key"
RAPIDAPI_KEY_HEADER = "X-RapidAPI-Key"
RAPIDAPI_HOST_HEADER = "X-RapidAPI-Host"

# Billing headers (the official Getting Started page), lower case as HTTP/2 sends them.
AMOUNT_HEADER = "x-dezgo-job-amount-usd"
BALANCE_HEADERS = {
    "balance_credits_usd": "x-dezgo-balance-credits-usd",
    "balance_debits_usd": "x-dezgo-balance-debits-usd",
    "balance_total_usd": "x-dezgo-balance-total-usd",
}
INDEX_HEADER = "x-dezgo-balance-index"
USER_HEADER = "x-dezgo-auth-userid"
JOB_ID_HEADER = "x-dezgo-job-id"
SEED_HEADER = "x-input-seed"
# "Responses that started a job also carry" these (Getting Started): any one of them on an
# answer, whatever its status, means a job ran and may have been billed.
JOB_STARTED_HEADERS = (AMOUNT_HEADER, *BALANCE_HEADERS.values(), INDEX_HEADER)

# The request encodings a caller can choose, and the media type each sends.
Encoding = Literal["json", "multipart", "form"]
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "multipart": "multipart/form-data",
    "form": "application/x-www-form-urlencoded",
}
