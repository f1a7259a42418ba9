"""Rate limits: per API key on /api, per client address on signer and embed pages.

Counts live in the process's memory store, so with several processes each enforces its
own share; an operator who needs one shared budget puts the limit in the proxy too.
"""

import hashlib

from litestar import Request
from litestar.middleware.rate_limit import RateLimitConfig

from runtime.settings import Settings


def _api_caller(request: Request) -> str:
    header = request.headers.get("authorization", "")
    if header:
        return "key:" + hashlib.sha256(header.encode()).hexdigest()[:24]
    return "ip:" + (request.client.host if request.client else "")


def _client(request: Request) -> str:
    return "ip:" + (request.client.host if request.client else "")


# Coroutines, not plain functions: Litestar runs a synchronous check in a worker thread,
# a thread hop on every request.
async def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _is_signer_page(request: Request) -> bool:
    return request.url.path.startswith(("/s/", "/embed/"))


def rate_limits(settings: Settings) -> list[RateLimitConfig]:
    configs = []
    if settings.api_rate_limit_per_minute > 0:
        configs.append(
            RateLimitConfig(
                rate_limit=("minute", settings.api_rate_limit_per_minute),
                identifier_for_request=_api_caller,
                check_throttle_handler=_is_api,
                store="api_rate_limit",
            )
        )
    if settings.signer_rate_limit_per_minute > 0:
        configs.append(
            RateLimitConfig(
                rate_limit=("minute", settings.signer_rate_limit_per_minute),
                identifier_for_request=_client,
                check_throttle_handler=_is_signer_page,
                store="signer_rate_limit",
            )
        )
    return configs
