import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_booking_list_output import AdminBookingListOutput
from ...models.admin_bookings_list_status import AdminBookingsListStatus
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    date_from: datetime.date | Unset = UNSET,
    date_to: datetime.date | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    service: UUID | Unset = UNSET,
    staff: UUID | Unset = UNSET,
    start_after: datetime.datetime | Unset = UNSET,
    start_before: datetime.datetime | Unset = UNSET,
    status: AdminBookingsListStatus | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    json_date_from: str | Unset = UNSET
    if not isinstance(date_from, Unset):
        json_date_from = date_from.isoformat()
    params["date_from"] = json_date_from

    json_date_to: str | Unset = UNSET
    if not isinstance(date_to, Unset):
        json_date_to = date_to.isoformat()
    params["date_to"] = json_date_to

    params["limit"] = limit

    params["offset"] = offset

    json_service: str | Unset = UNSET
    if not isinstance(service, Unset):
        json_service = str(service)
    params["service"] = json_service

    json_staff: str | Unset = UNSET
    if not isinstance(staff, Unset):
        json_staff = str(staff)
    params["staff"] = json_staff

    json_start_after: str | Unset = UNSET
    if not isinstance(start_after, Unset):
        json_start_after = start_after.isoformat()
    params["start_after"] = json_start_after

    json_start_before: str | Unset = UNSET
    if not isinstance(start_before, Unset):
        json_start_before = start_before.isoformat()
    params["start_before"] = json_start_before

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    json_updated_since: str | Unset = UNSET
    if not isinstance(updated_since, Unset):
        json_updated_since = updated_since.isoformat()
    params["updated_since"] = json_updated_since

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/booking/v1/admin/bookings",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AdminBookingListOutput | Error | None:
    if response.status_code == 200:
        response_200 = AdminBookingListOutput.from_dict(response.json())

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
) -> Response[AdminBookingListOutput | Error]:
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
    date_from: datetime.date | Unset = UNSET,
    date_to: datetime.date | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    service: UUID | Unset = UNSET,
    staff: UUID | Unset = UNSET,
    start_after: datetime.datetime | Unset = UNSET,
    start_before: datetime.datetime | Unset = UNSET,
    status: AdminBookingsListStatus | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> Response[AdminBookingListOutput | Error]:
    """The tenant's bookings by first start (dates in the tenant's time zone)

     Pages of at most 500 (limit, default 100). Go on with next_cursor as cursor (stable while bookings
    are added), or with an offset of at most 10,000; filter by dates (1970-01-01 to 9000-12-31,
    inclusive) to reach further. Filters: status, staff, service, date_from/date_to (the tenant's days),
    start_after/start_before (the first start) and updated_since (changed since, for syncing). Out of
    bounds: 400 invalid_input naming the parameter.

    Args:
        cursor (str | Unset):
        date_from (datetime.date | Unset):
        date_to (datetime.date | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        service (UUID | Unset):
        staff (UUID | Unset):
        start_after (datetime.datetime | Unset):
        start_before (datetime.datetime | Unset):
        status (AdminBookingsListStatus | Unset):
        updated_since (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminBookingListOutput | Error]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
        service=service,
        staff=staff,
        start_after=start_after,
        start_before=start_before,
        status=status,
        updated_since=updated_since,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    date_from: datetime.date | Unset = UNSET,
    date_to: datetime.date | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    service: UUID | Unset = UNSET,
    staff: UUID | Unset = UNSET,
    start_after: datetime.datetime | Unset = UNSET,
    start_before: datetime.datetime | Unset = UNSET,
    status: AdminBookingsListStatus | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> AdminBookingListOutput | Error | None:
    """The tenant's bookings by first start (dates in the tenant's time zone)

     Pages of at most 500 (limit, default 100). Go on with next_cursor as cursor (stable while bookings
    are added), or with an offset of at most 10,000; filter by dates (1970-01-01 to 9000-12-31,
    inclusive) to reach further. Filters: status, staff, service, date_from/date_to (the tenant's days),
    start_after/start_before (the first start) and updated_since (changed since, for syncing). Out of
    bounds: 400 invalid_input naming the parameter.

    Args:
        cursor (str | Unset):
        date_from (datetime.date | Unset):
        date_to (datetime.date | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        service (UUID | Unset):
        staff (UUID | Unset):
        start_after (datetime.datetime | Unset):
        start_before (datetime.datetime | Unset):
        status (AdminBookingsListStatus | Unset):
        updated_since (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminBookingListOutput | Error
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
        service=service,
        staff=staff,
        start_after=start_after,
        start_before=start_before,
        status=status,
        updated_since=updated_since,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    date_from: datetime.date | Unset = UNSET,
    date_to: datetime.date | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    service: UUID | Unset = UNSET,
    staff: UUID | Unset = UNSET,
    start_after: datetime.datetime | Unset = UNSET,
    start_before: datetime.datetime | Unset = UNSET,
    status: AdminBookingsListStatus | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> Response[AdminBookingListOutput | Error]:
    """The tenant's bookings by first start (dates in the tenant's time zone)

     Pages of at most 500 (limit, default 100). Go on with next_cursor as cursor (stable while bookings
    are added), or with an offset of at most 10,000; filter by dates (1970-01-01 to 9000-12-31,
    inclusive) to reach further. Filters: status, staff, service, date_from/date_to (the tenant's days),
    start_after/start_before (the first start) and updated_since (changed since, for syncing). Out of
    bounds: 400 invalid_input naming the parameter.

    Args:
        cursor (str | Unset):
        date_from (datetime.date | Unset):
        date_to (datetime.date | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        service (UUID | Unset):
        staff (UUID | Unset):
        start_after (datetime.datetime | Unset):
        start_before (datetime.datetime | Unset):
        status (AdminBookingsListStatus | Unset):
        updated_since (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminBookingListOutput | Error]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
        service=service,
        staff=staff,
        start_after=start_after,
        start_before=start_before,
        status=status,
        updated_since=updated_since,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    date_from: datetime.date | Unset = UNSET,
    date_to: datetime.date | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    service: UUID | Unset = UNSET,
    staff: UUID | Unset = UNSET,
    start_after: datetime.datetime | Unset = UNSET,
    start_before: datetime.datetime | Unset = UNSET,
    status: AdminBookingsListStatus | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> AdminBookingListOutput | Error | None:
    """The tenant's bookings by first start (dates in the tenant's time zone)

     Pages of at most 500 (limit, default 100). Go on with next_cursor as cursor (stable while bookings
    are added), or with an offset of at most 10,000; filter by dates (1970-01-01 to 9000-12-31,
    inclusive) to reach further. Filters: status, staff, service, date_from/date_to (the tenant's days),
    start_after/start_before (the first start) and updated_since (changed since, for syncing). Out of
    bounds: 400 invalid_input naming the parameter.

    Args:
        cursor (str | Unset):
        date_from (datetime.date | Unset):
        date_to (datetime.date | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        service (UUID | Unset):
        staff (UUID | Unset):
        start_after (datetime.datetime | Unset):
        start_before (datetime.datetime | Unset):
        status (AdminBookingsListStatus | Unset):
        updated_since (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminBookingListOutput | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            date_from=date_from,
            date_to=date_to,
            limit=limit,
            offset=offset,
            service=service,
            staff=staff,
            start_after=start_after,
            start_before=start_before,
            status=status,
            updated_since=updated_since,
        )
    ).parsed
