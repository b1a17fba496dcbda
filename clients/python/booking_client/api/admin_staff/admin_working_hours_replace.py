from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.working_hours_admin import WorkingHoursAdmin
from ...models.working_week_admin_input_request import WorkingWeekAdminInputRequest
from ...types import Response


def _get_kwargs(
    staff_id: UUID,
    *,
    body: WorkingWeekAdminInputRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/booking/v1/admin/staff/{staff_id}/working-hours".format(
            staff_id=quote(str(staff_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | list[WorkingHoursAdmin] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = WorkingHoursAdmin.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

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
) -> Response[Error | list[WorkingHoursAdmin]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    staff_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WorkingWeekAdminInputRequest,
) -> Response[Error | list[WorkingHoursAdmin]]:
    """Replaces the whole week: at most 8 intervals a weekday (56 in all; 400 too_many_working_hours), none
    overlapping, times HH:MM in the tenant's zone.

    Args:
        staff_id (UUID):
        body (WorkingWeekAdminInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[WorkingHoursAdmin]]
    """

    kwargs = _get_kwargs(
        staff_id=staff_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    staff_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WorkingWeekAdminInputRequest,
) -> Error | list[WorkingHoursAdmin] | None:
    """Replaces the whole week: at most 8 intervals a weekday (56 in all; 400 too_many_working_hours), none
    overlapping, times HH:MM in the tenant's zone.

    Args:
        staff_id (UUID):
        body (WorkingWeekAdminInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[WorkingHoursAdmin]
    """

    return sync_detailed(
        staff_id=staff_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    staff_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WorkingWeekAdminInputRequest,
) -> Response[Error | list[WorkingHoursAdmin]]:
    """Replaces the whole week: at most 8 intervals a weekday (56 in all; 400 too_many_working_hours), none
    overlapping, times HH:MM in the tenant's zone.

    Args:
        staff_id (UUID):
        body (WorkingWeekAdminInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[WorkingHoursAdmin]]
    """

    kwargs = _get_kwargs(
        staff_id=staff_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    staff_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WorkingWeekAdminInputRequest,
) -> Error | list[WorkingHoursAdmin] | None:
    """Replaces the whole week: at most 8 intervals a weekday (56 in all; 400 too_many_working_hours), none
    overlapping, times HH:MM in the tenant's zone.

    Args:
        staff_id (UUID):
        body (WorkingWeekAdminInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[WorkingHoursAdmin]
    """

    return (
        await asyncio_detailed(
            staff_id=staff_id,
            client=client,
            body=body,
        )
    ).parsed
