from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_error import HTTPError
from ...models.http_validation_error import HTTPValidationError
from ...models.job_status import JobStatus
from ...types import Response


def _get_kwargs(
    tx_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/unstable/job/{tx_id}".format(
            tx_id=quote(str(tx_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPError | HTTPValidationError | JobStatus | None:
    if response.status_code == 200:
        response_200 = JobStatus.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = HTTPError.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = HTTPError.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = HTTPError.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[HTTPError | HTTPValidationError | JobStatus]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tx_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[HTTPError | HTTPValidationError | JobStatus]:
    """Status of an asynchronous job

     Polls a job started by an endpoint that answered with a job ticket instead of an image.

    Args:
        tx_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPError | HTTPValidationError | JobStatus]
    """

    kwargs = _get_kwargs(
        tx_id=tx_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tx_id: str,
    *,
    client: AuthenticatedClient,
) -> HTTPError | HTTPValidationError | JobStatus | None:
    """Status of an asynchronous job

     Polls a job started by an endpoint that answered with a job ticket instead of an image.

    Args:
        tx_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPError | HTTPValidationError | JobStatus
    """

    return sync_detailed(
        tx_id=tx_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    tx_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[HTTPError | HTTPValidationError | JobStatus]:
    """Status of an asynchronous job

     Polls a job started by an endpoint that answered with a job ticket instead of an image.

    Args:
        tx_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPError | HTTPValidationError | JobStatus]
    """

    kwargs = _get_kwargs(
        tx_id=tx_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tx_id: str,
    *,
    client: AuthenticatedClient,
) -> HTTPError | HTTPValidationError | JobStatus | None:
    """Status of an asynchronous job

     Polls a job started by an endpoint that answered with a job ticket instead of an image.

    Args:
        tx_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPError | HTTPValidationError | JobStatus
    """

    return (
        await asyncio_detailed(
            tx_id=tx_id,
            client=client,
        )
    ).parsed
