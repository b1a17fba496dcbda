from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.booking_code_resend_output import BookingCodeResendOutput
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tenant: str,
    booking_id: UUID,
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
        "url": "/api/booking/v1/public/{tenant}/bookings/{booking_id}/resend-code".format(
            tenant=quote(str(tenant), safe=""),
            booking_id=quote(str(booking_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BookingCodeResendOutput | Error | None:
    if response.status_code == 202:
        response_202 = BookingCodeResendOutput.from_dict(response.json())

        return response_202

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
) -> Response[BookingCodeResendOutput | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tenant: str,
    booking_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Response[BookingCodeResendOutput | Error]:
    """Send a new code (at most 3 times; wrong tries still count)

    Args:
        tenant (str):
        booking_id (UUID):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BookingCodeResendOutput | Error]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        booking_id=booking_id,
        idempotency_key=idempotency_key,
        x_cart_token=x_cart_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tenant: str,
    booking_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> BookingCodeResendOutput | Error | None:
    """Send a new code (at most 3 times; wrong tries still count)

    Args:
        tenant (str):
        booking_id (UUID):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BookingCodeResendOutput | Error
    """

    return sync_detailed(
        tenant=tenant,
        booking_id=booking_id,
        client=client,
        idempotency_key=idempotency_key,
        x_cart_token=x_cart_token,
    ).parsed


async def asyncio_detailed(
    tenant: str,
    booking_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Response[BookingCodeResendOutput | Error]:
    """Send a new code (at most 3 times; wrong tries still count)

    Args:
        tenant (str):
        booking_id (UUID):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BookingCodeResendOutput | Error]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        booking_id=booking_id,
        idempotency_key=idempotency_key,
        x_cart_token=x_cart_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant: str,
    booking_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> BookingCodeResendOutput | Error | None:
    """Send a new code (at most 3 times; wrong tries still count)

    Args:
        tenant (str):
        booking_id (UUID):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BookingCodeResendOutput | Error
    """

    return (
        await asyncio_detailed(
            tenant=tenant,
            booking_id=booking_id,
            client=client,
            idempotency_key=idempotency_key,
            x_cart_token=x_cart_token,
        )
    ).parsed
