from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.waitlist_entry_output import WaitlistEntryOutput
from ...models.waitlist_join_input_request import WaitlistJoinInputRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tenant: str,
    *,
    body: WaitlistJoinInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/booking/v1/public/{tenant}/waitlist".format(
            tenant=quote(str(tenant), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | WaitlistEntryOutput | None:
    if response.status_code == 201:
        response_201 = WaitlistEntryOutput.from_dict(response.json())

        return response_201

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
) -> Response[Error | WaitlistEntryOutput]:
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
    body: WaitlistJoinInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | WaitlistEntryOutput]:
    """Leave an email for a full day (one staff member, or any)

     Only a full day has a waitlist (409 day_not_full otherwise; the day is in the business's time zone).
    When a start of it frees up, the first waiting entries are emailed a link that holds a start for
    them for the business's hold minutes, each entry once. Joining again with the same email keeps the
    first place. At most 500 entries a day (409 waitlist_full).

    Args:
        tenant (str):
        idempotency_key (str | Unset):
        body (WaitlistJoinInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WaitlistEntryOutput]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    body: WaitlistJoinInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | WaitlistEntryOutput | None:
    """Leave an email for a full day (one staff member, or any)

     Only a full day has a waitlist (409 day_not_full otherwise; the day is in the business's time zone).
    When a start of it frees up, the first waiting entries are emailed a link that holds a start for
    them for the business's hold minutes, each entry once. Joining again with the same email keeps the
    first place. At most 500 entries a day (409 waitlist_full).

    Args:
        tenant (str):
        idempotency_key (str | Unset):
        body (WaitlistJoinInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WaitlistEntryOutput
    """

    return sync_detailed(
        tenant=tenant,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    body: WaitlistJoinInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | WaitlistEntryOutput]:
    """Leave an email for a full day (one staff member, or any)

     Only a full day has a waitlist (409 day_not_full otherwise; the day is in the business's time zone).
    When a start of it frees up, the first waiting entries are emailed a link that holds a start for
    them for the business's hold minutes, each entry once. Joining again with the same email keeps the
    first place. At most 500 entries a day (409 waitlist_full).

    Args:
        tenant (str):
        idempotency_key (str | Unset):
        body (WaitlistJoinInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WaitlistEntryOutput]
    """

    kwargs = _get_kwargs(
        tenant=tenant,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant: str,
    *,
    client: AuthenticatedClient | Client,
    body: WaitlistJoinInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | WaitlistEntryOutput | None:
    """Leave an email for a full day (one staff member, or any)

     Only a full day has a waitlist (409 day_not_full otherwise; the day is in the business's time zone).
    When a start of it frees up, the first waiting entries are emailed a link that holds a start for
    them for the business's hold minutes, each entry once. Joining again with the same email keeps the
    first place. At most 500 entries a day (409 waitlist_full).

    Args:
        tenant (str):
        idempotency_key (str | Unset):
        body (WaitlistJoinInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WaitlistEntryOutput
    """

    return (
        await asyncio_detailed(
            tenant=tenant,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
