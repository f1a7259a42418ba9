"""HTML -> PDF with WeasyPrint, fetching nothing but data: URIs and the theme's own files.

Authored template content must never make the server read a file or call a URL
(SECURITY.md items 1-2), so the URL fetcher is an allow-list, not a block-list.
"""

from __future__ import annotations

import logging
import mimetypes
import threading
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import DataHandler, Request, url2pathname

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .inputs import SealingError

log = logging.getLogger(__name__)

MAX_ASSET_BYTES = 20 * 1024 * 1024
MAX_PAGES = 500


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


def _font_config() -> FontConfiguration:
    """One per thread: building it costs tens of ms and our CSS adds no @font-face."""
    if not hasattr(_local, "font_config"):
        _local.font_config = FontConfiguration()
    return _local.font_config


def render_pdf(html: str, *, assets_dir: Path, max_pages: int = MAX_PAGES) -> bytes:
    """Render ``html``; relative URLs resolve inside ``assets_dir`` (e.g. ``pdf/pdf.css``)."""
    fetcher = ThemeOnlyFetcher(assets_dir)
    document = HTML(string=html, base_url=fetcher.root.as_uri() + "/", url_fetcher=fetcher).render(
        font_config=_font_config()
    )
    if len(document.pages) > max_pages:
        raise SealingError(
            f"The document has {len(document.pages)} pages; the limit is {max_pages}."
        )
    return document.write_pdf()
