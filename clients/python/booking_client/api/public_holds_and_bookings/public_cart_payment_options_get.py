from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cart_payment_options_output import CartPaymentOptionsOutput
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tenant: str,
    *,
    x_cart_token: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_cart_token, Unset):
        headers["X-Cart-Token"] = x_cart_token

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/booking/v1/public/{tenant}/cart/payment-options".format(
            tenant=quote(str(tenant), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CartPaymentOptionsOutput | Error | None:
    if response.status_code == 200:
        response_200 = CartPaymentOptionsOutput.from_dict(response.json())

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
) -> Response[CartPaymentOptionsOutput | Error]:
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
    x_cart_token: str | Unset = UNSET,
) -> Response[CartPaymentOptionsOutput | Error]:
    """What the cart's held starts together may be paid with, and what each charges

     The choices and amounts POST /bookings takes for a booking of the cart's live holds. No token, an
    unknown one or a cart without live holds: nothing online (none).

    Args:
        tenant (str):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CartPaymentOptionsOutput | Error]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
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
    x_cart_token: str | Unset = UNSET,
) -> CartPaymentOptionsOutput | Error | None:
    """What the cart's held starts together may be paid with, and what each charges

     The choices and amounts POST /bookings takes for a booking of the cart's live holds. No token, an
    unknown one or a cart without live holds: nothing online (none).

    Args:
        tenant (str):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CartPaymentOptionsOutput | Error
    """

    return sync_detailed(
        tenant=tenant,
        client=client,
        x_cart_token=x_cart_token,
    ).parsed


async def asyncio_detailed(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    x_cart_token: str | Unset = UNSET,
) -> Response[CartPaymentOptionsOutput | Error]:
    """What the cart's held starts together may be paid with, and what each charges

     The choices and amounts POST /bookings takes for a booking of the cart's live holds. No token, an
    unknown one or a cart without live holds: nothing online (none).

    Args:
        tenant (str):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CartPaymentOptionsOutput | Error]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        x_cart_token=x_cart_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    x_cart_token: str | Unset = UNSET,
) -> CartPaymentOptionsOutput | Error | None:
    """What the cart's held starts together may be paid with, and what each charges

     The choices and amounts POST /bookings takes for a booking of the cart's live holds. No token, an
    unknown one or a cart without live holds: nothing online (none).

    Args:
        tenant (str):
        x_cart_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CartPaymentOptionsOutput | Error
    """

    return (
        await asyncio_detailed(
            tenant=tenant,
            client=client,
            x_cart_token=x_cart_token,
        )
    ).parsed
