"""Static files (/static/… and /themes/<theme>/static/…) behind versioned URLs.

Pages link an asset as `{{ static_url("signer.js") }}`, which writes
`/static/signer.js?v=<hash of its content>`. An answer to a URL carrying the file's current
hash may be kept for a year (`immutable`): a signer's browser fetches each script and
stylesheet once per release instead of asking again on every page. Any other answer (an
old or missing `v`, a font named inside a stylesheet) says `no-cache` and carries an ETag,
so the browser asks again and gets 304 without the body while the file is unchanged.

Contents and hashes are kept per process (files up to MEMORY_LIMIT are answered from
memory). Each file's size and modification time are checked again at most every
CHECK_SECONDS (on every request with FORMSEAL_DEBUG): an operator who restyles a theme sees
the new stylesheet, under a new hash, on the next page load, without a restart. A check is
a few stat() calls, once a second per file at most, whatever the traffic.

Text files (stylesheets, scripts, SVG) are also kept gzip-compressed and sent so to
browsers that accept it (`Vary: Accept-Encoding`; a weak ETag, as nginx gives a compressed
answer): a signer's first step page loads 30 KB of them instead of 99 KB. Only static
files are compressed, never pages, which carry CSRF tokens (compressing those opens the
BREACH attack).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import time
from dataclasses import dataclass
from pathlib import Path

from litestar import Request, Response, route
from litestar.exceptions import NotFoundException
from litestar.response import File

from runtime.themes import ThemeChoice, search_dirs, valid_name

LONG_CACHE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
CHECK_SECONDS = 1.0
"""How long a file's hash is trusted before its size and modification time are looked at
again (a changed file, or one a theme adds or removes, shows after at most this long)."""
MEMORY_LIMIT = 1 << 20
"""Files up to this size are kept in memory; larger ones are streamed from disk."""

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
mimetypes.add_type("font/woff2", ".woff2")


@dataclass(frozen=True, slots=True)
class Asset:
    """One static file as it was when last read."""

    path: Path
    version: str
    media_type: str
    body: bytes | None  # None when over MEMORY_LIMIT
    stamp: tuple[int, int]  # modification time (ns) and size, to notice a change
    gzipped: bytes | None = None  # the body compressed, for text files it shrinks


class AssetStore:
    """The static files of the installed themes, with their content hashes.

    `/static/…` looks in the instance theme, then the default theme; `/themes/<t>/static/…`
    in theme t first."""

    def __init__(self, themes_dir: Path, base_theme: str, reload: bool = False) -> None:
        self.themes_dir = themes_dir
        self.base_theme = base_theme
        self.check_seconds = 0.0 if reload else CHECK_SECONDS
        self._found: dict[tuple[str, str], Asset] = {}
        self._checked: dict[tuple[str, str], float] = {}

    def find(self, relative: str, theme: str = "") -> Asset | None:
        """The file named `relative`; None for a missing file or a name that leads outside
        its folder (`..`, absolute paths, links pointing elsewhere)."""
        key = (theme, relative)
        known = self._found.get(key)
        now = time.monotonic()
        if known is not None and now - self._checked[key] < self.check_seconds:
            return known
        asset = self._search(relative, theme, known)
        if asset is None:
            self._found.pop(key, None)  # removed: the next look searches again
            return None
        self._found[key] = asset  # bounded by the files that exist
        self._checked[key] = now
        return asset

    def _search(self, relative: str, theme: str, known: Asset | None) -> Asset | None:
        """The most specific theme's file, read again only when it changed."""
        choice = ThemeChoice(theme) if theme else None
        for folder in search_dirs(self.themes_dir, self.base_theme, choice, "static"):
            root = folder.resolve()
            try:
                candidate = (root / relative.lstrip("/")).resolve()
                if not (candidate.is_relative_to(root) and candidate.is_file()):
                    continue
                return _read(candidate, known)
            except (OSError, ValueError):  # a name too long, a NUL byte: no such file
                continue
        return None

    def url(self, relative: str, theme: str = "") -> str:
        """The file's versioned URL (`?v=<hash>`); without `v` when the file is missing (the
        browser's request then shows the mistake as a 404)."""
        prefix = f"/themes/{theme}/static" if theme else "/static"
        asset = self.find(relative, theme)
        return f"{prefix}/{relative}?v={asset.version}" if asset else f"{prefix}/{relative}"


def _read(path: Path, known: Asset | None) -> Asset:
    status = path.stat()
    stamp = (status.st_mtime_ns, status.st_size)
    if known is not None and known.path == path and known.stamp == stamp:
        return known
    body = path.read_bytes() if status.st_size <= MEMORY_LIMIT else None
    digest = hashlib.sha256()
    if body is not None:
        digest.update(body)
    else:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    gzipped = None
    if body is not None and media_type.startswith(COMPRESSIBLE):
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        gzipped = packed if len(packed) < len(body) * 0.9 else None
    return Asset(path, digest.hexdigest()[:16], media_type, body, stamp, gzipped)


def answer(request: Request, asset: Asset) -> Response:
    """The file, 304 when the browser already has this version, with the caching it may do."""
    packed = asset.gzipped is not None and _accepts_gzip(request.headers.get("accept-encoding"))
    etag = f'W/"{asset.version}"' if packed else f'"{asset.version}"'
    cache = LONG_CACHE if request.query_params.get("v") == asset.version else REVALIDATE
    headers = {"ETag": etag, "Cache-Control": cache}
    if asset.gzipped is not None:
        headers["Vary"] = "Accept-Encoding"
    if _matches(request.headers.get("if-none-match", ""), f'"{asset.version}"'):
        return Response(b"", status_code=304, headers=headers)
    if packed:
        headers["Content-Encoding"] = "gzip"
        return Response(asset.gzipped, media_type=asset.media_type, headers=headers)
    if asset.body is None:
        return File(
            asset.path,
            media_type=asset.media_type,
            headers=headers,
            content_disposition_type="inline",
        )
    return Response(asset.body, media_type=asset.media_type, headers=headers)


def _matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110's weak comparison: `W/"x"` and `"x"` match; `*` matches any file."""
    for tag in if_none_match.split(","):
        tag = tag.strip().removeprefix("W/")
        if tag == etag or tag == "*":
            return True
    return False


def _accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether `Accept-Encoding` allows gzip: named, else `*`, in either case without `q=0`."""
    allowed: dict[str, bool] = {}
    for item in (accept_encoding or "").lower().split(","):
        name, _, params = item.partition(";")
        quality = params.replace(" ", "").removeprefix("q=")
        allowed[name.strip()] = not params or quality.replace(".", "").strip("0") != ""
    return allowed.get("gzip", allowed.get("*", False))


@route("/static/{path:path}", http_method=["GET", "HEAD"], include_in_schema=False)
async def static_file(path: str, request: Request, assets: AssetStore) -> Response:
    """The instance theme's static file, else the default theme's."""
    asset = assets.find(path)
    if asset is None:
        raise NotFoundException("No such file.")
    return answer(request, asset)


@route(
    "/themes/{theme:str}/static/{path:path}", http_method=["GET", "HEAD"], include_in_schema=False
)
async def theme_static(theme: str, path: str, request: Request, assets: AssetStore) -> Response:
    """A theme's static file, else the instance theme's, else the default theme's."""
    if not valid_name(theme):
        raise NotFoundException("No such theme.")
    asset = assets.find(path, theme)
    if asset is None:
        raise NotFoundException("No such file.")
    return answer(request, asset)
