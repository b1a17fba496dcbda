from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_client_list_output import AdminClientListOutput
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 100,
    search: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["limit"] = limit

    params["search"] = search

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/booking/v1/admin/clients",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AdminClientListOutput | Error | None:
    if response.status_code == 200:
        response_200 = AdminClientListOutput.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AdminClientListOutput | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 100,
    search: str | Unset = UNSET,
) -> Response[AdminClientListOutput | Error]:
    """The tenant's clients, oldest first

     Pages of at most 500 (limit, default 100); go on with next_cursor as cursor.

    Args:
        cursor (str | Unset):
        limit (int | Unset):  Default: 100.
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminClientListOutput | Error]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        limit=limit,
        search=search,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 100,
    search: str | Unset = UNSET,
) -> AdminClientListOutput | Error | None:
    """The tenant's clients, oldest first

     Pages of at most 500 (limit, default 100); go on with next_cursor as cursor.

    Args:
        cursor (str | Unset):
        limit (int | Unset):  Default: 100.
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminClientListOutput | Error
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        limit=limit,
        search=search,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 100,
    search: str | Unset = UNSET,
) -> Response[AdminClientListOutput | Error]:
    """The tenant's clients, oldest first

     Pages of at most 500 (limit, default 100); go on with next_cursor as cursor.

    Args:
        cursor (str | Unset):
        limit (int | Unset):  Default: 100.
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminClientListOutput | Error]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        limit=limit,
        search=search,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 100,
    search: str | Unset = UNSET,
) -> AdminClientListOutput | Error | None:
    """The tenant's clients, oldest first

     Pages of at most 500 (limit, default 100); go on with next_cursor as cursor.

    Args:
        cursor (str | Unset):
        limit (int | Unset):  Default: 100.
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminClientListOutput | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            limit=limit,
            search=search,
        )
    ).parsed
