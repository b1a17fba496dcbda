from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tenant: str,
    hold_id: UUID,
    *,
    x_cart_token: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_cart_token, Unset):
        headers["X-Cart-Token"] = x_cart_token

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/booking/v1/public/{tenant}/holds/{hold_id}".format(
            tenant=quote(str(tenant), safe=""),
            hold_id=quote(str(hold_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tenant: str,
    hold_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_cart_token: str | Unset = UNSET,
) -> Response[Any | Error]:
    """Release a hold; the start is offered again at once

    Args:
        tenant (str):
        hold_id (UUID):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        hold_id=hold_id,
        x_cart_token=x_cart_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tenant: str,
    hold_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_cart_token: str | Unset = UNSET,
) -> Any | Error | None:
    """Release a hold; the start is offered again at once

    Args:
        tenant (str):
        hold_id (UUID):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        tenant=tenant,
        hold_id=hold_id,
        client=client,
        x_cart_token=x_cart_token,
    ).parsed


async def asyncio_detailed(
    tenant: str,
    hold_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_cart_token: str | Unset = UNSET,
) -> Response[Any | Error]:
    """Release a hold; the start is offered again at once

    Args:
        tenant (str):
        hold_id (UUID):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        hold_id=hold_id,
        x_cart_token=x_cart_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant: str,
    hold_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_cart_token: str | Unset = UNSET,
) -> Any | Error | None:
    """Release a hold; the start is offered again at once

    Args:
        tenant (str):
        hold_id (UUID):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            tenant=tenant,
            hold_id=hold_id,
            client=client,
            x_cart_token=x_cart_token,
        )
    ).parsed
