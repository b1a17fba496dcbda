from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_booking_create_input_request import AdminBookingCreateInputRequest
from ...models.admin_booking_output import AdminBookingOutput
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    *,
    body: AdminBookingCreateInputRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/booking/v1/admin/bookings",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AdminBookingOutput | Error | None:
    if response.status_code == 201:
        response_201 = AdminBookingOutput.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

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
) -> Response[AdminBookingOutput | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AdminBookingCreateInputRequest,
) -> Response[AdminBookingOutput | Error]:
    """Book a start on a client's behalf (staff booking for a client)

     The same guard as every booking: the schedule must offer the start (minimum notice, horizon, working
    hours) and nobody may hold or have booked it (409 slot_unavailable, detail.reason taken |
    not_offered); the plan's bookings a month count (403 plan_limit_reached). No code is asked and
    nothing is paid online: the booking is confirmed at once, payment none, the price due at the
    appointment. notify_client (default true) sends the confirmation emails.

    Args:
        body (AdminBookingCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminBookingOutput | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: AdminBookingCreateInputRequest,
) -> AdminBookingOutput | Error | None:
    """Book a start on a client's behalf (staff booking for a client)

     The same guard as every booking: the schedule must offer the start (minimum notice, horizon, working
    hours) and nobody may hold or have booked it (409 slot_unavailable, detail.reason taken |
    not_offered); the plan's bookings a month count (403 plan_limit_reached). No code is asked and
    nothing is paid online: the booking is confirmed at once, payment none, the price due at the
    appointment. notify_client (default true) sends the confirmation emails.

    Args:
        body (AdminBookingCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminBookingOutput | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AdminBookingCreateInputRequest,
) -> Response[AdminBookingOutput | Error]:
    """Book a start on a client's behalf (staff booking for a client)

     The same guard as every booking: the schedule must offer the start (minimum notice, horizon, working
    hours) and nobody may hold or have booked it (409 slot_unavailable, detail.reason taken |
    not_offered); the plan's bookings a month count (403 plan_limit_reached). No code is asked and
    nothing is paid online: the booking is confirmed at once, payment none, the price due at the
    appointment. notify_client (default true) sends the confirmation emails.

    Args:
        body (AdminBookingCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminBookingOutput | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AdminBookingCreateInputRequest,
) -> AdminBookingOutput | Error | None:
    """Book a start on a client's behalf (staff booking for a client)

     The same guard as every booking: the schedule must offer the start (minimum notice, horizon, working
    hours) and nobody may hold or have booked it (409 slot_unavailable, detail.reason taken |
    not_offered); the plan's bookings a month count (403 plan_limit_reached). No code is asked and
    nothing is paid online: the booking is confirmed at once, payment none, the price due at the
    appointment. notify_client (default true) sends the confirmation emails.

    Args:
        body (AdminBookingCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminBookingOutput | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
