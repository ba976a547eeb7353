"""What ``Dezgo`` and ``AsyncDezgo`` share: their configuration, and the door every call goes through.

A call enters through ``_call`` (the generated methods call it): its options are
checked once (``dezgo._options``), its arguments are checked and its request is built
(``dezgo._arguments``, which asks ``dezgo._wire`` and so the generated client), and
the one call plan (``dezgo._plan``) runs it, driven by ``Dezgo``'s blocking I/O or
``AsyncDezgo``'s awaits. This module holds no money logic of its own: that is the plan's.

Only what every client needs at import time is imported here: the spec, the
billing code, the images and the argument checks load when the first client
is made, so ``from dezgo import Dezgo`` stays cheap.
"""

from __future__ import annotations

import copy
import os
import threading
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import urlsplit

import httpx

from dezgo import _retry
from dezgo._constants import (
    DEFAULT_BASE_URL,
    KEY_HEADER,
    RAPIDAPI_BASE_URL,
    RAPIDAPI_HOST,
    RAPIDAPI_HOST_HEADER,
    RAPIDAPI_KEY_HEADER,
    USER_AGENT,
)
from dezgo._options import CallOptions, Encoding, EncodingName, as_encoding, as_timeout, check_retries
from dezgo.errors import InvalidAPIKeyError, MissingAPIKeyError, UsageError

if TYPE_CHECKING:
    from decimal import Decimal

    from dezgo._arguments import Prepared
    from dezgo._spec import Operation
    from dezgo.billing import Budget, Ledger, PriceBook

__all__ = ["DEFAULT_TIMEOUT", "BaseClient", "InsecureTransportWarning", "check_api_key"]

DEFAULT_TIMEOUT = httpx.Timeout(300.0, connect=10.0)  # generation is slow and synchronous
MAX_KEY_LENGTH = 4096
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})

HttpT = TypeVar("HttpT", bound="httpx.Client | httpx.AsyncClient")
ClientT = TypeVar("ClientT", bound="BaseClient[Any]")


class InsecureTransportWarning(UserWarning):
    """The API key would travel in clear (plain HTTP to a host that is not this machine)."""


_warned_hosts: set[str] = set()
_warned_lock = threading.Lock()


def mask(key: str) -> str:
    """How the key is shown anywhere: its last four characters at most."""
    return f"***{key[-4:]}" if len(key) >= 12 else "***"


def _describe(char: str) -> str:
    if char in "\r\n":
        return "a line break (a key file with more than one line?)"
    if char.isspace():
        return "a space" if char == " " else "a whitespace character"
    if not char.isprintable():
        return "a control character"
    return "a non-ASCII character"


def check_api_key(key: str, where: str = "the API key") -> str:
    """The key, if it can travel in an HTTP header; InvalidAPIKeyError otherwise (never echoing it)."""
    if not isinstance(key, str):
        raise InvalidAPIKeyError(f"{where} must be a str, not {type(key).__name__}")
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidAPIKeyError(f"{where} is {len(key)} characters long; a Dezgo key is under 100")
    for position, char in enumerate(key, start=1):
        if not (char.isprintable() and not char.isspace() and ord(char) < 127):
            raise InvalidAPIKeyError(
                f"{where} has {_describe(char)} at position {position} of {len(key)}; keys are printable "
                "ASCII without spaces (copy it again from the 'API Keys' page of your Dezgo dashboard)"
            )
    return key


def _base_url(url: str, *, allow_plain_http: bool) -> str:
    """The base URL, refused when it carries credentials (they would be shown and sent in clear),
    with a warning (once per host) when plain HTTP would carry the key off this machine."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise UsageError(
            "base_url must not carry credentials (user:password@host); pass the key as api_key= or "
            "DEZGO_API_KEY. The URL is not repeated here, since it holds a secret"
        )
    host = (parts.hostname or "").lower()
    if parts.scheme == "http" and host not in LOOPBACK_HOSTS and not allow_plain_http:
        with _warned_lock:
            first = host not in _warned_hosts
            _warned_hosts.add(host)
        if first:
            warnings.warn(
                InsecureTransportWarning(
                    f"base_url is plain HTTP to {host}: the API key travels in clear. Use https://, or "
                    "pass allow_plain_http=True if this is intended (a proxy on your own network)"
                ),
                stacklevel=4,
            )
    return url.rstrip("/")


class _Shared:
    """What a client and the copies ``with_options`` makes share: the ledger, the operations, the loop."""

    def __init__(self, ledger: Ledger, operations: Mapping[str, Operation]) -> None:
        self.ledger = ledger
        self.operations = operations
        self.http: Any = None
        self.loop_ref: Any = None  # a weak reference to the event loop AsyncDezgo's connections belong to
        self.lock = threading.Lock()


class BaseClient(Generic[HttpT]):
    """Configuration, and the one door of every call.

    Generic in the httpx client it drives, so ``Dezgo`` and ``AsyncDezgo`` share one
    constructor (and one signature to document) and differ only in their I/O methods.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = _retry.DEFAULT_MAX_RETRIES,
        budget_usd: str | Decimal | int | None = None,
        encoding: Encoding | EncodingName | None = None,
        retry_unsafe: bool = False,
        poll_interval: float = 1.0,
        job_timeout: float = 600.0,
        http_client: HttpT | None = None,
        rapidapi: bool = False,
        strict: bool = False,
        allow_plain_http: bool = False,
        prices: PriceBook | None = None,
    ) -> None:
        """Keyword arguments:

        - ``api_key``: default ``$DEZGO_API_KEY``; ``MissingAPIKeyError`` when neither is set,
          ``InvalidAPIKeyError`` when it holds a space, a line break or a control character.
        - ``base_url``: default ``$DEZGO_BASE_URL``, else ``https://api.dezgo.com``; a URL with
          credentials in it is refused, and plain HTTP to another machine warns
          (``InsecureTransportWarning``; ``allow_plain_http=True`` silences it).
        - ``timeout``: seconds or an ``httpx.Timeout``; default 300 s to read (generation is
          slow), 10 s to connect.
        - ``max_retries``: retries of failures that cannot have charged (connect errors, 429 and
          502/503 without a charge header), with backoff and jitter, honouring Retry-After.
        - ``budget_usd``: a spending cap that fails closed (str, Decimal or int; never float).
        - ``encoding``: ``"json"`` (base64 images), ``"multipart"`` or ``"form"``; by default JSON
          where the operation takes it (the service recommends it), else multipart, else form.
        - ``retry_unsafe``: also retry read timeouts and dropped connections on paid calls,
          which may charge twice.
        - ``poll_interval`` / ``job_timeout``: for operations that answer with a job ticket.
        - ``http_client``: your own ``httpx.Client`` (``httpx.AsyncClient`` for ``AsyncDezgo``)
          for proxies or custom transports; it is left open on ``close()``. Requests that carry
          the key never follow redirects, whatever the client is configured to do.
        - ``rapidapi``: use the legacy RapidAPI route (see ``rapidapi()``).
        - ``strict``: also refuse values that break constraints the spec only guesses (evidence
          L or G); by default those are sent, with a ``WeakEvidenceWarning`` (see docs/validation.md).
        - ``prices``: where known prices are kept (``dezgo.billing.FilePrices`` keeps them between
          processes, as the command line does); by default in memory.
        """
        from dezgo._spec import by_name, pinned_operations
        from dezgo.billing import Budget, Ledger

        where = "the X-RapidAPI-Key" if rapidapi else "DEZGO_API_KEY"
        key = api_key if api_key is not None else os.environ.get("DEZGO_API_KEY")
        if not key:
            raise MissingAPIKeyError(
                f"no Dezgo API key: set {where} in the environment or pass api_key=... "
                "(create one under 'API Keys' in your Dezgo dashboard)"
            )
        self._api_key = check_api_key(key, "api_key" if api_key is not None else where)
        self._rapidapi = rapidapi
        fallback = RAPIDAPI_BASE_URL if rapidapi else (os.environ.get("DEZGO_BASE_URL") or DEFAULT_BASE_URL)
        self.base_url = _base_url(base_url or fallback, allow_plain_http=allow_plain_http)
        self.timeout = as_timeout(timeout, DEFAULT_TIMEOUT)
        self.max_retries = check_retries(max_retries)
        self.strict = strict
        self.encoding = as_encoding(encoding)
        self.retry_unsafe = retry_unsafe
        self.poll_interval = poll_interval
        self.job_timeout = job_timeout
        self._shared = _Shared(Ledger(prices), by_name(pinned_operations()))
        self.budget: Budget | None = (
            Budget(budget_usd, ledger=self.ledger, settle_timeouts_after_s=job_timeout)
            if budget_usd is not None
            else None
        )
        self._default_headers = {"User-Agent": USER_AGENT}
        self._owns_http = http_client is None
        self._shared.http = http_client if http_client is not None else self._new_http_client()

    def _new_http_client(self) -> HttpT:
        raise NotImplementedError

    @classmethod
    def rapidapi(cls: type[ClientT], key: str | None = None, **kwargs: Any) -> ClientT:
        """A client for the legacy RapidAPI route (``X-RapidAPI-Key``; no new features there)."""
        return cls(api_key=key, rapidapi=True, **kwargs)

    @property
    def _http(self) -> HttpT:
        http: HttpT = self._shared.http
        return http

    @property
    def ledger(self) -> Ledger:
        """Every charge this client (and its ``with_options`` copies) received."""
        return self._shared.ledger

    @property
    def operations(self) -> Mapping[str, Operation]:
        """The operations of the effective spec, by method name."""
        return self._shared.operations

    def with_options(
        self: ClientT,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        budget_usd: str | Decimal | int | None = None,
        encoding: Encoding | EncodingName | None = None,
        retry_unsafe: bool | None = None,
    ) -> ClientT:
        """A copy with other options that shares this client's connections and ledger.

        ``client.with_options(timeout=30, max_retries=0).text2image(...)``. A ``budget_usd``
        given here is another cap over the shared spending: it counts what the ledger already
        holds and every copy's calls in flight, as theirs count its. Closing the copy leaves the
        connections open; close the original.
        """
        from dezgo.billing import Budget

        clone = copy.copy(self)
        clone._owns_http = False
        if timeout is not None:
            clone.timeout = as_timeout(timeout, DEFAULT_TIMEOUT)
        if max_retries is not None:
            clone.max_retries = check_retries(max_retries)
        if encoding is not None:
            clone.encoding = as_encoding(encoding)
        if retry_unsafe is not None:
            clone.retry_unsafe = retry_unsafe
        if budget_usd is not None:
            clone.budget = (
                self.budget.with_limit(budget_usd)
                if self.budget is not None
                else Budget(budget_usd, ledger=self.ledger, settle_timeouts_after_s=self.job_timeout)
            )
        return clone

    # -- secrets ----------------------------------------------------------------------------------

    def _auth_headers(self) -> dict[str, str]:
        if self._rapidapi:
            return {RAPIDAPI_KEY_HEADER: self._api_key, RAPIDAPI_HOST_HEADER: RAPIDAPI_HOST}
        return {KEY_HEADER: self._api_key}

    def masked_key(self) -> str:
        return mask(self._api_key)

    def scrub(self, data: bytes) -> bytes:
        """``data`` with the key masked wherever the service (or a proxy) echoed it."""
        secret = self._api_key.encode()
        return data.replace(secret, self.masked_key().encode()) if secret in data else data

    def scrub_text(self, text: str) -> str:
        return text.replace(self._api_key, self.masked_key()) if self._api_key in text else text

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={self.base_url!r} api_key={self.masked_key()!r}>"

    # -- the door of every call -------------------------------------------------------------------

    def _operation(self, name: str) -> Operation:
        try:
            return self.operations[name]
        except KeyError:
            raise AttributeError(f"the Dezgo spec has no operation named {name!r}") from None

    def default_options(self) -> CallOptions:
        return CallOptions(self.encoding, self.timeout, self.max_retries, self.retry_unsafe)

    def _options(self, name: str, encoding: Any, timeout: Any) -> CallOptions:
        """This call's options: the call's own over the client's, checked once, here."""
        return CallOptions(
            as_encoding(encoding, operation=name) or self.encoding,
            as_timeout(timeout, self.timeout),
            self.max_retries,
            self.retry_unsafe,
        )

    def prepare_call(
        self,
        name: str,
        arguments: Mapping[str, Any],
        options: CallOptions,
        *,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, Any] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Prepared:
        """A call checked against the spec and its request built; InvalidRequestError before anything
        is sent. The command line asks this too, so its refusals are the library's."""
        from dezgo._arguments import prepare

        encoding = options.encoding.value if options.encoding is not None else None
        return prepare(
            self._operation(name),
            arguments,
            encoding,
            strict=self.strict,
            extra_body=extra_body,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )

    def build_request(
        self, http: httpx.Client | httpx.AsyncClient, prepared: Prepared, timeout: Mapping[str, Any]
    ) -> httpx.Request:
        return prepared.wire.to_httpx(
            http,
            self.base_url,
            {**self._default_headers, **self._auth_headers()},
            timeout,
            is_async=isinstance(http, httpx.AsyncClient),
        )

    def _made_by(self, result: Any, name: str, arguments: Mapping[str, Any]) -> Any:
        """An image or video learns the call that made it (for ``save(metadata=True)``): only the
        operation's own parameters, as JSON values, so no key or option can reach a file."""
        import attrs

        from dezgo._metadata import Call
        from dezgo.images import Image, Video

        if not isinstance(result, (Image, Video)):
            return result
        return attrs.evolve(result, call=Call.of(self._operation(name), arguments))
