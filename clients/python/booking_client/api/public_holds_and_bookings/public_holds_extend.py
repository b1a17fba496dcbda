from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.hold_extend_output import HoldExtendOutput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tenant: str,
    hold_id: UUID,
    *,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    if not isinstance(x_cart_token, Unset):
        headers["X-Cart-Token"] = x_cart_token

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/booking/v1/public/{tenant}/holds/{hold_id}/extend".format(
            tenant=quote(str(tenant), safe=""),
            hold_id=quote(str(hold_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | HoldExtendOutput | None:
    if response.status_code == 200:
        response_200 = HoldExtendOutput.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | HoldExtendOutput]:
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
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Response[Error | HoldExtendOutput]:
    """Give a live hold more time (a limited number of times)

    Args:
        tenant (str):
        hold_id (UUID):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HoldExtendOutput]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        hold_id=hold_id,
        idempotency_key=idempotency_key,
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
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Error | HoldExtendOutput | None:
    """Give a live hold more time (a limited number of times)

    Args:
        tenant (str):
        hold_id (UUID):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | HoldExtendOutput
    """

    return sync_detailed(
        tenant=tenant,
        hold_id=hold_id,
        client=client,
        idempotency_key=idempotency_key,
        x_cart_token=x_cart_token,
    ).parsed


async def asyncio_detailed(
    tenant: str,
    hold_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Response[Error | HoldExtendOutput]:
    """Give a live hold more time (a limited number of times)

    Args:
        tenant (str):
        hold_id (UUID):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HoldExtendOutput]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        hold_id=hold_id,
        idempotency_key=idempotency_key,
        x_cart_token=x_cart_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant: str,
    hold_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Error | HoldExtendOutput | None:
    """Give a live hold more time (a limited number of times)

    Args:
        tenant (str):
        hold_id (UUID):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | HoldExtendOutput
    """

    return (
        await asyncio_detailed(
            tenant=tenant,
            hold_id=hold_id,
            client=client,
            idempotency_key=idempotency_key,
            x_cart_token=x_cart_token,
        )
    ).parsed
