from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.booking_create_input_request import BookingCreateInputRequest
from ...models.booking_output import BookingOutput
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tenant: str,
    *,
    body: BookingCreateInputRequest,
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
        "url": "/api/booking/v1/public/{tenant}/bookings".format(
            tenant=quote(str(tenant), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BookingOutput | Error | None:
    if response.status_code == 201:
        response_201 = BookingOutput.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

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
) -> Response[BookingOutput | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    body: BookingCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Response[BookingOutput | Error]:
    """Book every live hold of the cart, all or none

     A known email answers awaiting_verification (a code is emailed); a payment choice answers
    awaiting_payment with a signed payment_order; otherwise confirmed. Every booking waits for a code
    when the tenant verifies every email, or once the client address made the tenant's
    max_bookings_per_address_per_day bookings that day. The holds keep blocking their time throughout.
    With `slot` one start is booked directly, no hold first: what the widget does when a tenant has
    holds off (POST /holds answers 403 holds_disabled); the answer is then 409 slot_unavailable if the
    start was taken meanwhile.

    Args:
        tenant (str):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):
        body (BookingCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BookingOutput | Error]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        body=body,
        idempotency_key=idempotency_key,
        x_cart_token=x_cart_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    body: BookingCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> BookingOutput | Error | None:
    """Book every live hold of the cart, all or none

     A known email answers awaiting_verification (a code is emailed); a payment choice answers
    awaiting_payment with a signed payment_order; otherwise confirmed. Every booking waits for a code
    when the tenant verifies every email, or once the client address made the tenant's
    max_bookings_per_address_per_day bookings that day. The holds keep blocking their time throughout.
    With `slot` one start is booked directly, no hold first: what the widget does when a tenant has
    holds off (POST /holds answers 403 holds_disabled); the answer is then 409 slot_unavailable if the
    start was taken meanwhile.

    Args:
        tenant (str):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):
        body (BookingCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BookingOutput | Error
    """

    return sync_detailed(
        tenant=tenant,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
        x_cart_token=x_cart_token,
    ).parsed


async def asyncio_detailed(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    body: BookingCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Response[BookingOutput | Error]:
    """Book every live hold of the cart, all or none

     A known email answers awaiting_verification (a code is emailed); a payment choice answers
    awaiting_payment with a signed payment_order; otherwise confirmed. Every booking waits for a code
    when the tenant verifies every email, or once the client address made the tenant's
    max_bookings_per_address_per_day bookings that day. The holds keep blocking their time throughout.
    With `slot` one start is booked directly, no hold first: what the widget does when a tenant has
    holds off (POST /holds answers 403 holds_disabled); the answer is then 409 slot_unavailable if the
    start was taken meanwhile.

    Args:
        tenant (str):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):
        body (BookingCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BookingOutput | Error]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        body=body,
        idempotency_key=idempotency_key,
        x_cart_token=x_cart_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    body: BookingCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> BookingOutput | Error | None:
    """Book every live hold of the cart, all or none

     A known email answers awaiting_verification (a code is emailed); a payment choice answers
    awaiting_payment with a signed payment_order; otherwise confirmed. Every booking waits for a code
    when the tenant verifies every email, or once the client address made the tenant's
    max_bookings_per_address_per_day bookings that day. The holds keep blocking their time throughout.
    With `slot` one start is booked directly, no hold first: what the widget does when a tenant has
    holds off (POST /holds answers 403 holds_disabled); the answer is then 409 slot_unavailable if the
    start was taken meanwhile.

    Args:
        tenant (str):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):
        body (BookingCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BookingOutput | Error
    """

    return (
        await asyncio_detailed(
            tenant=tenant,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
            x_cart_token=x_cart_token,
        )
    ).parsed
