from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.hold_create_input_request import HoldCreateInputRequest
from ...models.hold_output import HoldOutput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tenant: str,
    *,
    body: HoldCreateInputRequest,
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
        "url": "/api/booking/v1/public/{tenant}/holds".format(
            tenant=quote(str(tenant), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | HoldOutput | None:
    if response.status_code == 201:
        response_201 = HoldOutput.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | HoldOutput]:
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
    body: HoldCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Response[Error | HoldOutput]:
    """Hold a start for the cart (creates the cart without X-Cart-Token)

     The slot is refused with 409 slot_unavailable when it is taken or the schedule does not offer it
    (detail.reason: taken | not_offered). With holds switched off (403 holds_disabled) the widget books
    the start directly: it skips the hold and the countdown, and sends the start as `slot` with POST
    /bookings.

    One client address (as the gateway saw it; an IPv6 client per /64) keeps at most the tenant's
    max_live_holds_per_address unconfirmed holds and pending bookings (429 too_many_holds_from_address,
    detail.limit). From half of that on, a hold needs `altcha`, a solved ALTCHA proof-of-work challenge:
    403 challenge_required (none sent) or challenge_invalid (wrong, expired, used or another address's;
    detail.reason) carry a new one in detail.challenge (algorithm, challenge, maxNumber, salt,
    signature). Send the solution with a new Idempotency-Key.

    Args:
        tenant (str):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):
        body (HoldCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HoldOutput]
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
    body: HoldCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Error | HoldOutput | None:
    """Hold a start for the cart (creates the cart without X-Cart-Token)

     The slot is refused with 409 slot_unavailable when it is taken or the schedule does not offer it
    (detail.reason: taken | not_offered). With holds switched off (403 holds_disabled) the widget books
    the start directly: it skips the hold and the countdown, and sends the start as `slot` with POST
    /bookings.

    One client address (as the gateway saw it; an IPv6 client per /64) keeps at most the tenant's
    max_live_holds_per_address unconfirmed holds and pending bookings (429 too_many_holds_from_address,
    detail.limit). From half of that on, a hold needs `altcha`, a solved ALTCHA proof-of-work challenge:
    403 challenge_required (none sent) or challenge_invalid (wrong, expired, used or another address's;
    detail.reason) carry a new one in detail.challenge (algorithm, challenge, maxNumber, salt,
    signature). Send the solution with a new Idempotency-Key.

    Args:
        tenant (str):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):
        body (HoldCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | HoldOutput
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
    body: HoldCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Response[Error | HoldOutput]:
    """Hold a start for the cart (creates the cart without X-Cart-Token)

     The slot is refused with 409 slot_unavailable when it is taken or the schedule does not offer it
    (detail.reason: taken | not_offered). With holds switched off (403 holds_disabled) the widget books
    the start directly: it skips the hold and the countdown, and sends the start as `slot` with POST
    /bookings.

    One client address (as the gateway saw it; an IPv6 client per /64) keeps at most the tenant's
    max_live_holds_per_address unconfirmed holds and pending bookings (429 too_many_holds_from_address,
    detail.limit). From half of that on, a hold needs `altcha`, a solved ALTCHA proof-of-work challenge:
    403 challenge_required (none sent) or challenge_invalid (wrong, expired, used or another address's;
    detail.reason) carry a new one in detail.challenge (algorithm, challenge, maxNumber, salt,
    signature). Send the solution with a new Idempotency-Key.

    Args:
        tenant (str):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):
        body (HoldCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HoldOutput]
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
    body: HoldCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
    x_cart_token: str | Unset = UNSET,
) -> Error | HoldOutput | None:
    """Hold a start for the cart (creates the cart without X-Cart-Token)

     The slot is refused with 409 slot_unavailable when it is taken or the schedule does not offer it
    (detail.reason: taken | not_offered). With holds switched off (403 holds_disabled) the widget books
    the start directly: it skips the hold and the countdown, and sends the start as `slot` with POST
    /bookings.

    One client address (as the gateway saw it; an IPv6 client per /64) keeps at most the tenant's
    max_live_holds_per_address unconfirmed holds and pending bookings (429 too_many_holds_from_address,
    detail.limit). From half of that on, a hold needs `altcha`, a solved ALTCHA proof-of-work challenge:
    403 challenge_required (none sent) or challenge_invalid (wrong, expired, used or another address's;
    detail.reason) carry a new one in detail.challenge (algorithm, challenge, maxNumber, salt,
    signature). Send the solution with a new Idempotency-Key.

    Args:
        tenant (str):
        idempotency_key (str | Unset):
        x_cart_token (str | Unset):
        body (HoldCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | HoldOutput
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
