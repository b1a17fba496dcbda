from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.manage_booking_output import ManageBookingOutput
from ...models.manage_reschedule_input_request import ManageRescheduleInputRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tenant: str,
    token: str,
    *,
    body: ManageRescheduleInputRequest,
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
        "url": "/api/booking/v1/public/{tenant}/manage/{token}/reschedule".format(
            tenant=quote(str(tenant), safe=""),
            token=quote(str(token), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ManageBookingOutput | None:
    if response.status_code == 200:
        response_200 = ManageBookingOutput.from_dict(response.json())

        return response_200

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
) -> Response[Error | ManageBookingOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tenant: str,
    token: str,
    *,
    client: AuthenticatedClient | Client,
    body: ManageRescheduleInputRequest,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Response[Error | ManageBookingOutput]:
    """Move the booking to a new start the caller holds (POST /holds first)

     The old start is offered again at once and the hold becomes the booking's, in one transaction. The
    client, the staff member and the owner are told.

    Args:
        tenant (str):
        token (str):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):
        body (ManageRescheduleInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ManageBookingOutput]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        token=token,
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
    token: str,
    *,
    client: AuthenticatedClient | Client,
    body: ManageRescheduleInputRequest,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Error | ManageBookingOutput | None:
    """Move the booking to a new start the caller holds (POST /holds first)

     The old start is offered again at once and the hold becomes the booking's, in one transaction. The
    client, the staff member and the owner are told.

    Args:
        tenant (str):
        token (str):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):
        body (ManageRescheduleInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ManageBookingOutput
    """

    return sync_detailed(
        tenant=tenant,
        token=token,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
        x_cart_token=x_cart_token,
    ).parsed


async def asyncio_detailed(
    tenant: str,
    token: str,
    *,
    client: AuthenticatedClient | Client,
    body: ManageRescheduleInputRequest,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Response[Error | ManageBookingOutput]:
    """Move the booking to a new start the caller holds (POST /holds first)

     The old start is offered again at once and the hold becomes the booking's, in one transaction. The
    client, the staff member and the owner are told.

    Args:
        tenant (str):
        token (str):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):
        body (ManageRescheduleInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ManageBookingOutput]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        token=token,
        body=body,
        idempotency_key=idempotency_key,
        x_cart_token=x_cart_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant: str,
    token: str,
    *,
    client: AuthenticatedClient | Client,
    body: ManageRescheduleInputRequest,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Error | ManageBookingOutput | None:
    """Move the booking to a new start the caller holds (POST /holds first)

     The old start is offered again at once and the hold becomes the booking's, in one transaction. The
    client, the staff member and the owner are told.

    Args:
        tenant (str):
        token (str):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):
        body (ManageRescheduleInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ManageBookingOutput
    """

    return (
        await asyncio_detailed(
            tenant=tenant,
            token=token,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
            x_cart_token=x_cart_token,
        )
    ).parsed
