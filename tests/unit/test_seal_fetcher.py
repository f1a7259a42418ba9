"""The PDF renderer fetches data: URIs and theme files only (SECURITY.md items 1-2)."""

from __future__ import annotations

import struct
import subprocess
import time
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from runtime.sealing.render import ResourceRefused, ThemeOnlyFetcher, render_pdf
from tests.unit import helpers


def tiny_png() -> bytes:
    """A 2x2 opaque PNG, enough to prove an allowed theme image is embedded."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    raw = b"\0\x10\x20\x4a\x10\x20\x4a" * 2
    ihdr = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


listener = helpers.listener  # the fixture, shared with tests/security


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    theme = tmp_path / "theme"
    (theme / "pdf").mkdir(parents=True)
    (theme / "pdf" / "logo.png").write_bytes(tiny_png())
    (tmp_path / "secret.css").write_text("body { background: red }")
    (theme / "pdf" / "escape.css").symlink_to(tmp_path / "secret.css")
    return theme


def test_hostile_html_fetches_nothing(listener, assets: Path, tmp_path: Path) -> None:
    port, hits = listener
    url = f"http://127.0.0.1:{port}"
    html = f"""<!doctype html><html lang="en"><head>
      <link rel="stylesheet" href="{url}/style.css">
      <link rel="stylesheet" href="../secret.css">
      <link rel="stylesheet" href="pdf/escape.css">
      <link rel="attachment" href="file:///etc/passwd">
      <style>
        @import url({url}/import.css);
        @font-face {{ font-family: X; src: url({url}/font.woff); }}
        .bg {{ background: url(file:///etc/hostname); height: 5mm; }}
        .bg2 {{ background-image: url({url}/bg.png); height: 5mm; }}
      </style></head><body>
      <p style="font-family: X">Hostile content below.</p>
      <img src="file:///etc/passwd"> <img src="{url}/x"> <img src="https://127.0.0.1:{port}/y">
      <img src="pdf/../../secret.css"> <img src="pdf/%2e%2e/%2e%2e/secret.css">
      <object data="file:///etc/passwd"></object> <embed src="{url}/embed">
      <svg width="20" height="20"><image href="{url}/svg.png" width="20" height="20"/></svg>
      <div class="bg"></div><div class="bg2"></div>
      <img src="pdf/logo.png" alt="allowed theme asset">
    </body></html>"""
    pdf = render_pdf(html, assets_dir=assets)
    time.sleep(0.2)  # give a stray connection time to show up
    assert hits == []
    out = tmp_path / "hostile.pdf"
    out.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Hostile content below." in text
    assert "root:" not in text
    reader = PdfReader(BytesIO(pdf))
    assert not reader.attachments
    # the one allowed asset (the theme's own logo) did render as an image
    assert len(reader.pages[0].images) == 1


def test_fetcher_allows_only_theme_files_and_data(assets: Path, tmp_path: Path) -> None:
    fetcher = ThemeOnlyFetcher(assets)
    logo = fetcher.fetch((assets / "pdf" / "logo.png").as_uri())
    assert logo.read().startswith(b"\x89PNG") and logo.content_type == "image/png"
    data = fetcher.fetch("data:text/css;base64,Ym9keXt9")
    assert data.read() == b"body{}" and data.content_type == "text/css"
    refused = [
        "file:///etc/passwd",
        (assets / ".." / "secret.css").as_uri(),
        (assets / "pdf" / "escape.css").as_uri(),  # symlink pointing outside the theme
        assets.as_uri() + "/pdf/%2e%2e/%2e%2e/secret.css",
        assets.as_uri(),  # a directory, not a file
        "file://otherhost" + str(assets / "pdf" / "logo.png"),
        "http://127.0.0.1/x",
        "https://example.com/x",
        "ftp://example.com/x",
        "gopher://x",
        "relative/path.png",
    ]
    for url in refused:
        with pytest.raises(ResourceRefused):
            fetcher.fetch(url)
