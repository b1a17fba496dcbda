import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.public_slots_list_tz import PublicSlotsListTz
from ...models.slots_output import SlotsOutput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tenant: str,
    *,
    date: datetime.date,
    service: UUID,
    staff: str | Unset = "any",
    tz: PublicSlotsListTz | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_cart_token, Unset):
        headers["X-Cart-Token"] = x_cart_token

    params: dict[str, Any] = {}

    json_date = date.isoformat()
    params["date"] = json_date

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
        "url": "/api/booking/v1/public/{tenant}/slots".format(
            tenant=quote(str(tenant), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | SlotsOutput | None:
    if response.status_code == 200:
        response_200 = SlotsOutput.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | SlotsOutput]:
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
    date: datetime.date,
    service: UUID,
    staff: str | Unset = "any",
    tz: PublicSlotsListTz | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Response[Error | SlotsOutput]:
    """One day's offered starts

     Starts every slot interval of elapsed time from each working interval's start (tenant's zone) where
    the whole service and its buffers fit and no booking or live hold is in the way; none in the past,
    within the minimum notice or beyond the booking horizon. On daylight-saving days the grid keeps
    running in elapsed time: no start in the skipped hour, both occurrences of the repeated one. With
    staff=any each start names the staff member with the fewest reservations that day, then the first by
    name. The caller's own holds are listed with held_by_you=true.

    Args:
        tenant (str):
        date (datetime.date):
        service (UUID):
        staff (str | Unset):  Default: 'any'.
        tz (PublicSlotsListTz | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SlotsOutput]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        date=date,
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
    date: datetime.date,
    service: UUID,
    staff: str | Unset = "any",
    tz: PublicSlotsListTz | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Error | SlotsOutput | None:
    """One day's offered starts

     Starts every slot interval of elapsed time from each working interval's start (tenant's zone) where
    the whole service and its buffers fit and no booking or live hold is in the way; none in the past,
    within the minimum notice or beyond the booking horizon. On daylight-saving days the grid keeps
    running in elapsed time: no start in the skipped hour, both occurrences of the repeated one. With
    staff=any each start names the staff member with the fewest reservations that day, then the first by
    name. The caller's own holds are listed with held_by_you=true.

    Args:
        tenant (str):
        date (datetime.date):
        service (UUID):
        staff (str | Unset):  Default: 'any'.
        tz (PublicSlotsListTz | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SlotsOutput
    """

    return sync_detailed(
        tenant=tenant,
        client=client,
        date=date,
        service=service,
        staff=staff,
        tz=tz,
        x_cart_token=x_cart_token,
    ).parsed


async def asyncio_detailed(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    date: datetime.date,
    service: UUID,
    staff: str | Unset = "any",
    tz: PublicSlotsListTz | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Response[Error | SlotsOutput]:
    """One day's offered starts

     Starts every slot interval of elapsed time from each working interval's start (tenant's zone) where
    the whole service and its buffers fit and no booking or live hold is in the way; none in the past,
    within the minimum notice or beyond the booking horizon. On daylight-saving days the grid keeps
    running in elapsed time: no start in the skipped hour, both occurrences of the repeated one. With
    staff=any each start names the staff member with the fewest reservations that day, then the first by
    name. The caller's own holds are listed with held_by_you=true.

    Args:
        tenant (str):
        date (datetime.date):
        service (UUID):
        staff (str | Unset):  Default: 'any'.
        tz (PublicSlotsListTz | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SlotsOutput]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        date=date,
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
    date: datetime.date,
    service: UUID,
    staff: str | Unset = "any",
    tz: PublicSlotsListTz | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Error | SlotsOutput | None:
    """One day's offered starts

     Starts every slot interval of elapsed time from each working interval's start (tenant's zone) where
    the whole service and its buffers fit and no booking or live hold is in the way; none in the past,
    within the minimum notice or beyond the booking horizon. On daylight-saving days the grid keeps
    running in elapsed time: no start in the skipped hour, both occurrences of the repeated one. With
    staff=any each start names the staff member with the fewest reservations that day, then the first by
    name. The caller's own holds are listed with held_by_you=true.

    Args:
        tenant (str):
        date (datetime.date):
        service (UUID):
        staff (str | Unset):  Default: 'any'.
        tz (PublicSlotsListTz | Unset):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SlotsOutput
    """

    return (
        await asyncio_detailed(
            tenant=tenant,
            client=client,
            date=date,
            service=service,
            staff=staff,
            tz=tz,
            x_cart_token=x_cart_token,
        )
    ).parsed
