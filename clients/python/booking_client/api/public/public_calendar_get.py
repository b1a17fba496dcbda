from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.calendar_output import CalendarOutput
from ...models.error import Error
from ...models.public_calendar_get_tz import PublicCalendarGetTz
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tenant: str,
    *,
    month: str,
    service: UUID,
    staff: str | Unset = "any",
    tz: PublicCalendarGetTz | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_cart_token, Unset):
        headers["X-Cart-Token"] = x_cart_token

    params: dict[str, Any] = {}

    params["month"] = month

    json_service = str(service)
    params["service"] = json_service

    params["staff"] = staff

    json_tz: str | Unset = UNSET
    if not isinstance(tz, Unset):
        json_tz = tz

    params["tz"] = json_tz

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/booking/v1/public/{tenant}/calendar".format(
            tenant=quote(str(tenant), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CalendarOutput | Error | None:
    if response.status_code == 200:
        response_200 = CalendarOutput.from_dict(response.json())

        return response_200

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CalendarOutput | Error]:
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
    month: str,
    service: UUID,
    staff: str | Unset = "any",
    tz: PublicCalendarGetTz | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Response[CalendarOutput | Error]:
    """A month's days with whether they have free starts

     past: before today, or today after its last start; out_of_range: beyond the booking horizon; off:
    nobody works; full: working but no free start; available: at least one start (the caller's own hold
    counts).

    Args:
        tenant (str):
        month (str):
        service (UUID):
        staff (str | Unset):  Default: 'any'.
        tz (PublicCalendarGetTz | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CalendarOutput | Error]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        month=month,
        service=service,
        staff=staff,
        tz=tz,
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
    month: str,
    service: UUID,
    staff: str | Unset = "any",
    tz: PublicCalendarGetTz | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> CalendarOutput | Error | None:
    """A month's days with whether they have free starts

     past: before today, or today after its last start; out_of_range: beyond the booking horizon; off:
    nobody works; full: working but no free start; available: at least one start (the caller's own hold
    counts).

    Args:
        tenant (str):
        month (str):
        service (UUID):
        staff (str | Unset):  Default: 'any'.
        tz (PublicCalendarGetTz | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CalendarOutput | Error
    """

    return sync_detailed(
        tenant=tenant,
        client=client,
        month=month,
        service=service,
        staff=staff,
        tz=tz,
        x_cart_token=x_cart_token,
    ).parsed


async def asyncio_detailed(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    month: str,
    service: UUID,
    staff: str | Unset = "any",
    tz: PublicCalendarGetTz | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Response[CalendarOutput | Error]:
    """A month's days with whether they have free starts

     past: before today, or today after its last start; out_of_range: beyond the booking horizon; off:
    nobody works; full: working but no free start; available: at least one start (the caller's own hold
    counts).

    Args:
        tenant (str):
        month (str):
        service (UUID):
        staff (str | Unset):  Default: 'any'.
        tz (PublicCalendarGetTz | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CalendarOutput | Error]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        month=month,
        service=service,
        staff=staff,
        tz=tz,
        x_cart_token=x_cart_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    month: str,
    service: UUID,
    staff: str | Unset = "any",
    tz: PublicCalendarGetTz | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> CalendarOutput | Error | None:
    """A month's days with whether they have free starts

     past: before today, or today after its last start; out_of_range: beyond the booking horizon; off:
    nobody works; full: working but no free start; available: at least one start (the caller's own hold
    counts).

    Args:
        tenant (str):
        month (str):
        service (UUID):
        staff (str | Unset):  Default: 'any'.
        tz (PublicCalendarGetTz | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CalendarOutput | Error
    """

    return (
        await asyncio_detailed(
            tenant=tenant,
            client=client,
            month=month,
            service=service,
            staff=staff,
            tz=tz,
            x_cart_token=x_cart_token,
        )
    ).parsed
