from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.hold_output import HoldOutput
from ...models.waitlist_offer_open_input_request import WaitlistOfferOpenInputRequest
from ...types import Response


def _get_kwargs(
    tenant: str,
    *,
    body: WaitlistOfferOpenInputRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/booking/v1/public/{tenant}/waitlist/offers".format(
            tenant=quote(str(tenant), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | HoldOutput | None:
    if response.status_code == 200:
        response_200 = HoldOutput.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

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
    body: WaitlistOfferOpenInputRequest,
) -> Response[Error | HoldOutput]:
    """The hold a waitlist email's link holds, with its cart token

     Answers the hold like POST /holds does: keep cart_token and go on to the booking. 404
    waitlist_link_invalid for a link that is forged, of another business or older than two days; 409
    hold_expired once its hold ran out.

    Args:
        tenant (str):
        body (WaitlistOfferOpenInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HoldOutput]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    body: WaitlistOfferOpenInputRequest,
) -> Error | HoldOutput | None:
    """The hold a waitlist email's link holds, with its cart token

     Answers the hold like POST /holds does: keep cart_token and go on to the booking. 404
    waitlist_link_invalid for a link that is forged, of another business or older than two days; 409
    hold_expired once its hold ran out.

    Args:
        tenant (str):
        body (WaitlistOfferOpenInputRequest):

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
    ).parsed


async def asyncio_detailed(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    body: WaitlistOfferOpenInputRequest,
) -> Response[Error | HoldOutput]:
    """The hold a waitlist email's link holds, with its cart token

     Answers the hold like POST /holds does: keep cart_token and go on to the booking. 404
    waitlist_link_invalid for a link that is forged, of another business or older than two days; 409
    hold_expired once its hold ran out.

    Args:
        tenant (str):
        body (WaitlistOfferOpenInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HoldOutput]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    body: WaitlistOfferOpenInputRequest,
) -> Error | HoldOutput | None:
    """The hold a waitlist email's link holds, with its cart token

     Answers the hold like POST /holds does: keep cart_token and go on to the booking. 404
    waitlist_link_invalid for a link that is forged, of another business or older than two days; 409
    hold_expired once its hold ran out.

    Args:
        tenant (str):
        body (WaitlistOfferOpenInputRequest):

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
        )
    ).parsed
