from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.payment_options_output import PaymentOptionsOutput
from ...types import UNSET, Response


def _get_kwargs(
    tenant: str,
    *,
    service: UUID,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_service = str(service)
    params["service"] = json_service

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/booking/v1/public/{tenant}/payment-options".format(
            tenant=quote(str(tenant), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PaymentOptionsOutput | None:
    if response.status_code == 200:
        response_200 = PaymentOptionsOutput.from_dict(response.json())

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
) -> Response[Error | PaymentOptionsOutput]:
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
    service: UUID,
) -> Response[Error | PaymentOptionsOutput]:
    """Which of pay, down_payment and finish the summary page offers

    Args:
        tenant (str):
        service (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaymentOptionsOutput]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        service=service,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    service: UUID,
) -> Error | PaymentOptionsOutput | None:
    """Which of pay, down_payment and finish the summary page offers

    Args:
        tenant (str):
        service (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaymentOptionsOutput
    """

    return sync_detailed(
        tenant=tenant,
        client=client,
        service=service,
    ).parsed


async def asyncio_detailed(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    service: UUID,
) -> Response[Error | PaymentOptionsOutput]:
    """Which of pay, down_payment and finish the summary page offers

    Args:
        tenant (str):
        service (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaymentOptionsOutput]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        service=service,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    service: UUID,
) -> Error | PaymentOptionsOutput | None:
    """Which of pay, down_payment and finish the summary page offers

    Args:
        tenant (str):
        service (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaymentOptionsOutput
    """

    return (
        await asyncio_detailed(
            tenant=tenant,
            client=client,
            service=service,
        )
    ).parsed
