"""Request observation (request id, one log line, Prometheus counters) and /metrics.

Request counts and latencies are counted in each process with prometheus_client; with
several processes set PROMETHEUS_MULTIPROC_DIR (a folder shared by the processes of one
machine) and any process answers for all of them. formseal never empties that folder: the
processes sharing it start one by one (formseal-web@8001, @8002), and one that emptied it
would drop the counts of the others, running or restarted (only counters and histograms
are kept there, so the files of stopped processes keep the sums from going down). The
operator empties it when none runs (docs/deploy.md, "Request metrics"); the folder that
`serve --workers N` makes for itself is new for each run. Jobs and seals
are read from the database at scrape time, so they are the installation's true figures
whichever process is asked. Logs and metrics name the route template
(`/s/{token:str}`), never the request path: paths carry signing tokens.
"""

import hmac
import ipaddress
import logging
import os
import re
from time import perf_counter
from typing import Any

from litestar import Litestar, Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from piccolo.query.functions.aggregate import Count
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from runtime.logging_setup import REQUEST_ID, configure_logging
from runtime.settings import Settings
from runtime.tables import AuditEvent, Job
from runtime.web.security import with_security_headers

# No `formseal_http_requests_created` gauge beside every counter and histogram (one more
# series per route and status, with the same help text): a process's start time is
# `process_start_time_seconds`, and the multiprocess mode has none either.
disable_created_metrics()
REGISTRY = CollectorRegistry()
REQUESTS = Counter(
    "formseal_http_requests",
    "HTTP requests answered, by route template and status.",
    ["method", "route", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "formseal_http_request_duration_seconds",
    "Time from request to the end of the response, by route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
JOB_STATES = ("queued", "running", "failed")
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
log = logging.getLogger("formseal.request")


class ObserveRequests:
    """Wraps the whole application (routed or not, answered or failed), one pass per HTTP
    request: the request id in and out, the security headers (runtime/web/security.py),
    timing, the request metrics and one log line.

    One wrapper instead of two, and the log record handed to our handler without the
    logging module's look-up of the calling source line, which no format of ours shows:
    `GET /healthz` cost the served process ~75 µs in-process, ~45 µs of it here, most of
    that the log line (docs/performance.md)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        token = REQUEST_ID.set(request_id)
        started = perf_counter()
        status = 500

        async def send_observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers") or ())
                headers.append((b"x-request-id", request_id.encode()))
                origins = scope.get("state", {}).get("frame_ancestors")
                message["headers"] = with_security_headers(headers, origins)
            await send(message)

        try:
            await self.app(scope, receive, send_observed)
        finally:
            elapsed = perf_counter() - started
            route = scope.get("path_template") or "(unmatched)"
            method = str(scope.get("method", ""))
            _count(method, route, status, elapsed)
            if log.isEnabledFor(logging.INFO):
                extra = {"method": method, "path": route, "status": status}
                extra["duration_ms"] = round(elapsed * 1000, 1)
                args = (method, route, status)
                record = log.makeRecord(
                    log.name, logging.INFO, __file__, 0, "%s %s %s", args, None, "__call__", extra
                )
                log.handle(record)
            REQUEST_ID.reset(token)


_CHILDREN: dict[tuple[str, str, int], tuple[Any, Any]] = {}


def _count(method: str, route: str, status: int, elapsed: float) -> None:
    """The request's counter and histogram, their label lookups kept per (method, route,
    status): `labels()` takes a lock and builds keys, a few µs on every request. Routes are
    templates, so the dict stays small."""
    key = (method, route, status)
    children = _CHILDREN.get(key)
    if children is None:
        children = (REQUESTS.labels(method, route, str(status)), LATENCY.labels(method, route))
        _CHILDREN[key] = children
    children[0].inc()
    children[1].observe(elapsed)


def _request_id(scope: Scope) -> str:
    """The caller's X-Request-ID when it is a sane token, else a new one."""
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            candidate = value.decode("latin-1").strip()
            if SAFE_REQUEST_ID.match(candidate):
                return candidate
    return os.urandom(16).hex()  # as random as uuid4().hex, without building a UUID


def install_observability(app: Litestar, settings: Settings) -> None:
    """Log format, and the observing wrapper around everything the app answers (the
    outermost one: error pages get the request id and security headers too)."""
    configure_logging(settings.log_format)
    app.asgi_handler = ObserveRequests(app.asgi_handler)


@get("/metrics", include_in_schema=False, cache=False)
async def metrics(request: Request, settings: Settings) -> Response[bytes]:
    """Prometheus text format, for a bearer token (FORMSEAL_METRICS_TOKEN) or, without one,
    for loopback clients only; anyone else gets 404 as if there were nothing here."""
    if not _allowed(request, settings):
        raise NotFoundException()
    database = await _database_families()
    body = generate_latest(_process_registry()) + generate_latest(_Fixed(database))
    # Litestar adds "; charset=utf-8" to a text/ type itself: said twice otherwise
    media_type = CONTENT_TYPE_LATEST.replace("; charset=utf-8", "")
    return Response(body, media_type=media_type, headers={"Cache-Control": "no-store"})


def _allowed(request: Request, settings: Settings) -> bool:
    if settings.metrics_token:
        given = request.headers.get("authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {settings.metrics_token}".encode())
    try:
        return ipaddress.ip_address(request.client.host if request.client else "").is_loopback
    except ValueError:
        return False


def _process_registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # sums what every process wrote to the folder
        return registry
    return REGISTRY


async def _database_families() -> list[Any]:
    rows = (
        await Job.select(Job.status, Job.kind, Count(Job.id, alias="n"))
        .where(Job.status.is_in(list(JOB_STATES)))
        .group_by(Job.status, Job.kind)
    )
    by_kind = GaugeMetricFamily(
        "formseal_jobs", "Jobs in the database by state and kind.", labels=["state", "kind"]
    )
    families: list[Any] = [by_kind]
    for row in rows:
        by_kind.add_metric([row["status"], row["kind"]], row["n"])
    for state in JOB_STATES:  # always present, so an alert on them never sees "no data"
        total = GaugeMetricFamily(f"formseal_jobs_{state}", f"Jobs {state}, of every kind.")
        total.add_metric([], sum(r["n"] for r in rows if r["status"] == state))
        families.append(total)
    seals = CounterMetricFamily(
        "formseal_seals", "Envelopes sealed since the installation began (from the audit trail)."
    )
    seals.add_metric([], await AuditEvent.count().where(AuditEvent.action == "envelope.sealed"))
    families.append(seals)
    return families


class _Fixed:
    """A registry-like holder for metric families computed before rendering."""

    def __init__(self, families: list[Any]) -> None:
        self.families = families

    def collect(self) -> list[Any]:
        return self.families
