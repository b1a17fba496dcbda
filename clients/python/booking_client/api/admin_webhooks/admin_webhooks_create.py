from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.webhook_endpoint_create_input_request import WebhookEndpointCreateInputRequest
from ...models.webhook_endpoint_secret_output import WebhookEndpointSecretOutput
from ...types import Response


def _get_kwargs(
    *,
    body: WebhookEndpointCreateInputRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/booking/v1/admin/webhooks",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | WebhookEndpointSecretOutput | None:
    if response.status_code == 201:
        response_201 = WebhookEndpointSecretOutput.from_dict(response.json())

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
) -> Response[Error | WebhookEndpointSecretOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointCreateInputRequest,
) -> Response[Error | WebhookEndpointSecretOutput]:
    """Add a webhook endpoint; its signing secret is shown in this answer only

     Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). At
    most 20 endpoints a tenant.

    Args:
        body (WebhookEndpointCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WebhookEndpointSecretOutput]
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
    body: WebhookEndpointCreateInputRequest,
) -> Error | WebhookEndpointSecretOutput | None:
    """Add a webhook endpoint; its signing secret is shown in this answer only

     Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). At
    most 20 endpoints a tenant.

    Args:
        body (WebhookEndpointCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WebhookEndpointSecretOutput
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointCreateInputRequest,
) -> Response[Error | WebhookEndpointSecretOutput]:
    """Add a webhook endpoint; its signing secret is shown in this answer only

     Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). At
    most 20 endpoints a tenant.

    Args:
        body (WebhookEndpointCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WebhookEndpointSecretOutput]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointCreateInputRequest,
) -> Error | WebhookEndpointSecretOutput | None:
    """Add a webhook endpoint; its signing secret is shown in this answer only

     Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). At
    most 20 endpoints a tenant.

    Args:
        body (WebhookEndpointCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WebhookEndpointSecretOutput
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
