"""HTML -> PDF with WeasyPrint, fetching nothing but data: URIs and the theme's own files.

Authored template content must never make the server read a file or call a URL
(SECURITY.md items 1-2), so the URL fetcher is an allow-list, not a block-list.
"""

from __future__ import annotations

import atexit
import logging
import mimetypes
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import DataHandler, Request, url2pathname

from weasyprint import CSS, HTML, Attachment
from weasyprint.document import Document
from weasyprint.logger import PROGRESS_LOGGER
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .inputs import SealingError

log = logging.getLogger(__name__)

MAX_ASSET_BYTES = 20 * 1024 * 1024
MAX_PAGES = 500


class RenderTimeout(SealingError):
    """The rendering went past its deadline and was stopped."""


class _Deadline(threading.local):
    until: float | None = None
    seconds: float = 0.0


_deadline = _Deadline()


class _DeadlineCheck(logging.Filter):
    """WeasyPrint reports each step and each page it lays out on its progress logger; this
    filter stops the rendering there once the thread's deadline has passed. A huge document
    thus fails within the limit (plus one page) instead of running for minutes. It works in
    the seal processes and in threads alike (no signals). Progress lines are never emitted."""

    def filter(self, record: logging.LogRecord) -> bool:
        until = _deadline.until
        if until is not None and time.monotonic() > until:
            _deadline.until = None  # raised once; WeasyPrint's own clean-up may log again
            raise RenderTimeout(
                f"Rendering the document took longer than the {_deadline.seconds:g} s limit "
                f"and was stopped ({record.getMessage()}): the document is too large to seal."
            )
        return False


PROGRESS_LOGGER.addFilter(_DeadlineCheck())
PROGRESS_LOGGER.setLevel(logging.INFO)  # so the filter sees every page


@contextmanager
def render_deadline(seconds: float | None) -> Iterator[None]:
    """Stop WeasyPrint in this thread once ``seconds`` have passed (None or 0: no limit)."""
    previous = (_deadline.until, _deadline.seconds)
    if seconds:
        _deadline.until, _deadline.seconds = time.monotonic() + seconds, seconds
    try:
        yield
    finally:
        _deadline.until, _deadline.seconds = previous


class ResourceRefused(ValueError):
    """Raised by the fetcher; WeasyPrint logs it and renders without the resource."""


class ThemeOnlyFetcher(URLFetcher):
    """Serves data: URIs and regular files inside ``assets_dir``; refuses everything else."""

    def __init__(self, assets_dir: Path) -> None:
        # No allowed protocols and no redirects: should anything ever reach the parent
        # class's fetch(), it refuses too.
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.root = Path(assets_dir).resolve(strict=True)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._data(url)
        if scheme == "file":
            return self._file(url)
        raise ResourceRefused(f"refused {url[:100]!r}: only data: URIs and theme files")

    def _data(self, url: str) -> URLFetcherResponse:
        response = DataHandler().data_open(Request(url))  # noqa: S310 - data: only, no I/O
        body = response.read()
        content_type = response.headers.get("Content-Type", "application/octet-stream")
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def _file(self, url: str) -> URLFetcherResponse:
        path = self.resolve(url)
        if path.stat().st_size > MAX_ASSET_BYTES:
            raise ResourceRefused(f"refused {path.name}: larger than {MAX_ASSET_BYTES} bytes")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    def resolve(self, url: str) -> Path:
        """Map a file: URL to a real file inside the theme, after resolving ``..`` and links."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise ResourceRefused(f"refused {url[:100]!r}: remote file host")
        try:
            path = Path(url2pathname(parts.path)).resolve(strict=True)
        except (OSError, ValueError) as exc:
            raise ResourceRefused(f"refused {url[:100]!r}: no such theme file") from exc
        if not path.is_relative_to(self.root) or not path.is_file():
            raise ResourceRefused(f"refused {url[:100]!r}: outside the theme folder")
        return path


_local = threading.local()


@atexit.register
def _release_thread_caches() -> None:
    """Free this thread's font configuration and stylesheets while Pango is still loaded.

    Left to interpreter shutdown, their GObjects are unreferenced after the libraries'
    state is gone, and the process dies of SIGSEGV on exit (seen with `python -m
    tests.perf.bench_seal`, exit code -11 after a complete run)."""
    _local.__dict__.clear()


def _font_config() -> FontConfiguration:
    """One per thread: building it costs tens of ms. pdf.css's @font-face faces (the typed
    signature's Dancing Script) are decoded into it once, when the cached stylesheet is
    parsed (``_theme_stylesheet``), not on every render."""
    if not hasattr(_local, "font_config"):
        _local.font_config = FontConfiguration()
    return _local.font_config


THEME_CSS = "pdf/pdf.css"


def _theme_stylesheet(root: Path) -> CSS | None:
    """The theme's print stylesheet, parsed once per thread and again only when it changes.

    Parsing pdf.css costs 20-30 ms a render; a CSS object can be reused across documents.
    """
    path = root / THEME_CSS
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    cache: dict[str, tuple[int, CSS]] = _local.__dict__.setdefault("stylesheets", {})
    cached = cache.get(str(path))
    if cached is None or cached[0] != stamp:
        fetcher = ThemeOnlyFetcher(root)
        css = CSS(
            string=path.read_text(encoding="utf-8"),
            base_url=path.as_uri(),
            url_fetcher=fetcher,
            font_config=_font_config(),
        )
        cache[str(path)] = cached = (stamp, css)
    return cached[1]


THEME_LINK = '<link rel="stylesheet" href="pdf/pdf.css">'


def render_document(html: str, *, assets_dir: Path, max_pages: int = MAX_PAGES) -> Document:
    """Lay ``html`` out into pages; relative URLs resolve inside ``assets_dir``.

    The theme's print stylesheet link is served from a per-thread cache of the parsed CSS,
    the same rules WeasyPrint would otherwise parse again on every render.
    """
    fetcher = ThemeOnlyFetcher(assets_dir)
    stylesheets = None
    if THEME_LINK in html:
        cached = _theme_stylesheet(fetcher.root)
        if cached is not None:
            html, stylesheets = html.replace(THEME_LINK, "", 1), [cached]
    document = HTML(string=html, base_url=fetcher.root.as_uri() + "/", url_fetcher=fetcher).render(
        font_config=_font_config(), stylesheets=stylesheets
    )
    _check_pages(len(document.pages), max_pages)
    return document


def _check_pages(count: int, max_pages: int) -> None:
    if count > max_pages:
        raise SealingError(f"The document has {count} pages; the limit is {max_pages}.")


def render_pdf(html: str, *, assets_dir: Path, max_pages: int = MAX_PAGES) -> bytes:
    """Render ``html`` to PDF bytes (see ``render_document``)."""
    return render_document(html, assets_dir=assets_dir, max_pages=max_pages).write_pdf()


def write_documents(
    documents: list[Document],
    *,
    max_pages: int = MAX_PAGES,
    finisher: Callable[[Document, Any], None] | None = None,
    attachments: list[Attachment] | None = None,
) -> bytes:
    """One PDF from the pages of several laid-out documents, written in a single pass.

    Each keeps its own page numbers; the first one's metadata is the PDF's.
    """
    first = documents[0]
    pages = [page for document in documents for page in document.pages]
    _check_pages(len(pages), max_pages)
    combined = first.copy(pages) if len(documents) > 1 else first
    return combined.write_pdf(
        finisher=finisher, attachments=attachments or None, custom_metadata=True
    )
