"""Fetching an organisation's JWKS: the administrator chooses the URL, so it is held to the
rule webhooks are (runtime/outbound.py): public addresses only unless the operator allows a
host or network in FORMSEAL_JWKS_ALLOWED_HOSTS; the host resolved once and the request sent
to that address; no redirects; a time limit and a size limit on the answer.

Keys fetched over plain http:// could be swapped on the way and tokens forged with them, so
http:// is only for this very machine (an identity provider beside formseal), and then only
when the operator allows loopback too.
"""

import json
from typing import Any
from urllib.parse import urlsplit

import anyio
import httpx

from runtime.errors import Invalid
from runtime.outbound import Target, pin

SETTING = "FORMSEAL_JWKS_ALLOWED_HOSTS"
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_BYTES = 1_000_000
TIMEOUT_SECONDS = 5.0  # to connect, and between two parts of the answer
DEADLINE_SECONDS = 10.0  # for the whole answer: a server sending a byte at a time stops here

PLAIN_HTTP = (
    "Use an https:// address: keys fetched over plain http:// could be changed on the way, "
    "and tokens forged with them."
)


class FetchFailed(Exception):
    """The keys could not be had; the message says why in a few words, for the log."""


def url_problem(url: str) -> str | None:
    """What is wrong with the URL's shape, or None (its address is `target`'s to judge)."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        return "The JWKS URL must not contain a user name or password."
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname in LOOPBACK:
        return None
    if parts.scheme == "http" and parts.hostname:
        return PLAIN_HTTP
    return "Give the identity provider's JWKS URL (https://…/jwks.json)."


def target(url: str, allowed_hosts: str) -> Target:
    """The URL pinned to an address FORMSEAL_JWKS_ALLOWED_HOSTS permits; Invalid (naming the
    setting) otherwise, Unresolvable when the host has no address now."""
    problem = url_problem(url)
    if problem:
        raise Invalid(problem)
    pinned = pin(url, allowed_hosts, SETTING)
    if pinned.scheme == "http" and not pinned.address.is_loopback:
        raise Invalid(PLAIN_HTTP)  # `localhost` made to resolve elsewhere
    return pinned


async def fetch(url: str, allowed_hosts: str) -> dict[str, Any]:
    """The JSON object at `url`; Invalid when its address is not allowed, FetchFailed when
    it did not answer with one (in time, within MAX_BYTES, without a redirect)."""
    pinned = await anyio.to_thread.run_sync(target, url, allowed_hosts)
    headers = {"Host": pinned.host, "Accept": "application/json", "Accept-Encoding": "identity"}
    try:
        with anyio.fail_after(DEADLINE_SECONDS):
            async with (
                httpx.AsyncClient(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client,
                client.stream(
                    "GET", pinned.url, headers=headers, extensions=pinned.extensions
                ) as response,
            ):
                if not response.is_success:  # a redirect too: never followed
                    raise FetchFailed(f"HTTP {response.status_code}")
                if response.headers.get("content-encoding", "identity") != "identity":
                    raise FetchFailed("the answer is compressed (it must not be)")
                body = bytearray()
                async for chunk in response.aiter_raw():
                    body += chunk
                    if len(body) > MAX_BYTES:
                        raise FetchFailed(f"the answer is larger than {MAX_BYTES:,} bytes")
    except TimeoutError:
        raise FetchFailed(f"no complete answer within {DEADLINE_SECONDS:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchFailed(f"{type(exc).__name__} {str(exc)[:200]}".strip()) from None
    try:
        keys = json.loads(body)
    except ValueError:
        keys = None
    if not isinstance(keys, dict):
        raise FetchFailed("the answer is not a JSON object with the keys")
    return keys
