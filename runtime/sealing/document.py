"""Turn a SealInput into the HTML of the document pages and of the audit certificate."""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import json
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import qrcode
from babel.numbers import format_decimal
from jinja2 import Environment
from markupsafe import Markup

from runtime.bidi import html_direction, language_direction, text_direction
from runtime.i18n import gettext, locale, ngettext, use_language
from runtime.i18n.dates import format_datetime_seconds
from runtime.i18n.jinja import install_gettext
from runtime.sealing.edges import clean_edges, light_on_white
from runtime.sealing.identity_words import identity_check
from runtime.sealing.ink import ink_only
from runtime.themes import ThemeChoice, Themes, environment, themed

from .answer_tables import IMAGE_PREFIXES, answer_items
from .inputs import SealInput
from .png import png


def format_utc(value: str | None) -> str:
    """ISO-8601 -> '2026-11-23 14:05:12 UTC'; unparseable text is shown as given."""
    if not value:
        return "—"
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def signed_time(value: str | None) -> str:
    """A signature line's time in the document's language, to the second ('29 November
    2026, 12:47:08 UTC'), the day as the signer's pages write it; the certificate keeps
    `format_utc`'s ISO form (docs/sealing.md). "UTC" never starts a line of its own (a
    no-break space: '2:05:12 PTG' wrapped before it in Malay)."""
    return (format_datetime_seconds(value) or format_utc(value)).replace(" UTC", "\u00a0UTC")


@functools.lru_cache(maxsize=16)
def _environment(themes_dir: str, base_theme: str) -> Environment:
    env = environment(Themes(Path(themes_dir), base_theme), "pdf", autoescape=True)
    env.filters["utc"] = format_utc
    env.filters["signed_time"] = signed_time  # in the document's language
    install_gettext(env)  # the chrome in the document's language (_render sets it)
    env.filters["identity_check"] = identity_check  # in the document's language
    env.filters["direction"] = text_direction  # "rtl" for an answer in Arabic, Hebrew…
    env.filters["language_direction"] = language_direction  # "rtl" for an Arabic document
    env.globals.update(
        page_parts=page_parts, byte_count=byte_count, mono=mono, long_footer=long_footer
    )
    return env


def theme_choice(seal_input: SealInput) -> ThemeChoice:
    """The brand's theme and the template's own overrides (runtime/themes.py)."""
    return ThemeChoice(seal_input.brand.theme if seal_input.brand else "", seal_input.template_slug)


def assets_dir(seal_input: SealInput, *, themes_dir: Path, theme: str = "default") -> Path:
    """The theme folder whose pdf/pdf.css the PDF uses: the most specific one that has it."""
    themes = Themes(Path(themes_dir), theme)
    found = themes.first_file("pdf/pdf.css", theme_choice(seal_input))
    return found or Path(themes_dir) / theme


def _render(themes_dir: Path, theme: str, name: str, **context: Any) -> str:
    """Render a PDF template with its words in the language the document is in: the
    legal text is the author's, the chrome (signature lines, certificate, footers) ours."""
    env = _environment(str(Path(themes_dir).resolve()), theme)
    brand = context["s"].brand
    if brand is not None and brand.logo_data_uri:  # no grey outline round a light logo
        logo = clean_edges(brand.logo_data_uri)
        on_colour = light_on_white(brand.logo_data_uri)  # a white logo would not show
        context["s"] = dataclasses.replace(
            context["s"],
            brand=dataclasses.replace(brand, logo_data_uri=logo, logo_on_colour=on_colour),
        )
    with use_language(context["s"].language):
        return env.get_template(themed(name, theme_choice(context["s"]))).render(**context)


def byte_count(size: int) -> str:
    """An exact size for the record ("12,345 bytes", "12 345 octets")."""
    return ngettext(
        "%(num)s byte", "%(num)s bytes", size, num=format_decimal(size, locale=locale())
    )


def mono(text: object) -> Markup:
    """`text` (escaped) in the monospace of hashes and file names, inside a sentence."""
    return Markup('<span class="mono">{}</span>').format(text)


def page_parts() -> tuple[str, str, str]:
    """ "Page %(page)s of %(pages)s" in the current language, split around its two numbers,
    for the footer's CSS counters ("Page ", " of ", ""; "第 ", " 页，共 ", " 页")."""
    text = gettext("Page %(page)s of %(pages)s", page="\x00", pages="\x01")
    if not 0 <= text.find("\x00") < text.find("\x01"):  # the counters come in this order
        text = "Page \x00 of \x01"
    before, rest = text.split("\x00", 1)
    between, after = rest.split("\x01", 1)
    return before, between, after


def prepare_blocks(blocks: list[dict]) -> list[dict]:
    """Number clauses and group adjacent signatures.

    Level-2 headings are numbered sections ("2") and paragraphs are clauses ("2.3");
    paragraphs before the first section are an unnumbered preamble. Without any level-2
    heading, paragraphs are numbered 1., 2., 3.
    """
    has_sections = any(b.get("kind") == "heading" and b.get("level") == 2 for b in blocks)
    items: list[dict] = []
    section = clause = 0
    for index, block in enumerate(blocks):
        kind = block.get("kind")
        if kind == "heading":
            level = min(max(int(block.get("level", 2)), 1), 3)
            number = ""
            if level == 2:
                section, clause = section + 1, 0
                number = str(section)
            text = block["text"]
            items.append(
                {"kind": kind, "level": level, "text": text, "number": number,
                 "dir": text_direction(text if isinstance(text, str) else "")}
            )  # fmt: skip
            # a heading right above signatures keeps to the text before it (pdf.css)
            following = blocks[index + 1].get("kind") if index + 1 < len(blocks) else None
            items[-1]["signs"] = following == "signature"
        elif kind == "paragraph":
            clause += 1
            number = f"{section}.{clause}" if section else "" if has_sections else f"{clause}."
            # The caller sanitises paragraph HTML (contract); everything else is autoescaped.
            html = Markup(breakable_addresses(trim_line_ends(block["html"])))  # noqa: S704
            # an Arabic or Hebrew clause reads right to left, whatever the document's language
            items.append(
                {"kind": kind, "html": html, "number": number, "dir": html_direction(html)}
            )
        elif kind == "fields":
            items.extend(answer_items(list(block.get("rows", []))))
        elif kind == "signature":
            image = block.get("image") or None
            if image and not str(image).startswith(IMAGE_PREFIXES):
                image = None  # only inline PNG/JPEG; never a URL to fetch
            image = ink_only(image) if image else None  # never white over the line
            typed = block.get("typed")
            signature = {
                **block,
                "image": image,
                "typed_pt": typed_size(typed),
                "typed_dir": text_direction(typed) if isinstance(typed, str) else "ltr",
            }
            if "stamp" in block:  # a company stamp, inlined too (runtime/stamps/sealing.py)
                stamp = block["stamp"]
                inline = str(stamp).startswith(IMAGE_PREFIXES)
                signature["stamp"] = ink_only(stamp) if inline else None
            if items and items[-1]["kind"] == "signatures":
                items[-1]["signatures"].append(signature)
            else:
                items.append({"kind": "signatures", "signatures": [signature]})
        elif kind == "page_break":
            items.append({"kind": kind})
        else:
            raise ValueError(f"unknown document block kind {kind!r}")
    return items


_LINE_END = re.compile(r"</(?:p|li|h[1-6]|td|th|div|blockquote)>|<br\s*/?>", re.IGNORECASE)
_CLOSES_INLINE = re.compile(r"</(?:strong|b|em|i|u|s|a|span|sub|sup|code)>", re.IGNORECASE)


def trim_line_ends(html: str) -> str:
    """The clause without the spaces at the end of its lines ("…this agreement. </p>",
    "… <br>"), inline tags closing there included: with them WeasyPrint broke a justified
    clause's last lines early, leaving one word alone on a line ("changes" over "of
    personnel and any event…"). No-break spaces stay. Layout only, as breakable_addresses:
    the blocks and the document hash keep the clause as authored."""
    parts = _TAG_OR_TEXT.split(html)
    at_line_end = False
    for i in range(len(parts) - 1, -1, -1):  # from the end: one pass
        part = parts[i]
        if i % 2:  # a tag
            at_line_end = bool(_LINE_END.fullmatch(part)) or (
                at_line_end and bool(_CLOSES_INLINE.fullmatch(part))
            )
        elif at_line_end and part:
            parts[i] = part.rstrip(" \t\r\n")
            at_line_end = not parts[i]
    return "".join(parts)


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_ADDRESS = re.compile(r"[^\s<>]*(?:@|://|www\.)[^\s<>]*")


def breakable_addresses(html: str) -> str:
    """Line-break points (<wbr>) in the email addresses and web addresses of a clause's text,
    before each dot and after each @ and /: a long address merged into a justified clause
    went whole to the next line and left the line before it stretched into wide gaps. Only
    the layout changes: <wbr> draws nothing and copies as nothing; the blocks (and so the
    document hash) keep the clause as authored."""
    parts = _TAG_OR_TEXT.split(html)
    for i in range(0, len(parts), 2):  # the text between tags, never a tag or its attributes
        parts[i] = _ADDRESS.sub(_with_breaks, parts[i])
    return "".join(parts)


def _with_breaks(match: re.Match[str]) -> str:
    text = match.group(0)
    if len(text) < 24:  # short ones fit a line's end as they are
        return text
    return re.sub(r"(?<=[@/])(?=[^/])|(?<=[^.])(?=\.[^\s.])", "<wbr>", text)


#: a typed signature's largest size, and how many Latin letters fit its box at that size
TYPED_PT, TYPED_FIT, TYPED_MIN_PT = 20.0, 20, 10.0


def typed_size(text: object) -> float:
    """The point size that fits a typed signature into its box (47% of the text width).

    At 20 pt about 20 Latin letters fit; longer names get smaller, down to 10 pt, after
    which they wrap onto a second line, so a long name never runs into the next
    signature or off the page. Wide (CJK) characters count twice."""
    if not isinstance(text, str) or not text:
        return TYPED_PT
    units = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return max(TYPED_MIN_PT, round(min(TYPED_PT, TYPED_PT * TYPED_FIT / units), 1))


LONG_FOOTER = 240
"""Text wider than this (in Latin letters; CJK counts twice) is more than two lines of the
page footer: the page gets a deeper bottom margin for it (pdf.css, `long-footer`)."""


def long_footer(text: object) -> bool:
    """Whether the organisation's footer text needs the deeper bottom margin."""
    if not isinstance(text, str):
        return False
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text) > LONG_FOOTER


def document_digest(seal_input: SealInput) -> str:
    """SHA-256 of the document's content: what its pages show, independent of fonts or layout.

    Canonical JSON (sorted keys, no spaces, UTF-8) of the envelope id, template name, version
    and definition hash, language, organisation and the document blocks (headings, clause
    HTML, answer rows, signatures). formseal can compute it again from its records.
    """
    content = {
        "envelope_id": seal_input.envelope_id,
        "template_name": seal_input.template_name,
        "template_version": seal_input.template_version,
        "version_sha256": seal_input.version_sha256,
        "language": seal_input.language,
        "organisation_name": seal_input.organisation_name,
        "blocks": seal_input.blocks,
    }
    data = json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def build_document_html(
    seal_input: SealInput, *, themes_dir: Path, theme: str = "default", watermark: str = ""
) -> str:
    """The document's HTML; `watermark` (the designer's unsigned preview) is drawn across
    every page."""
    items = prepare_blocks(seal_input.blocks)
    return _render(
        themes_dir,
        theme,
        "document.html",
        s=seal_input,
        items=items,
        page_marks=page_initials(items),
        watermark=watermark,
    )


def page_initials(items: list[dict]) -> list[dict]:
    """The initials answered in the form, as every page of the document shows them in its
    bottom margin ("Your initials on each page"): each with its row's label, for the image's
    alternative text. Layout only: the blocks, and so the document hash, already hold them."""
    return [
        {**row["mark"], "label": row.get("label", "")}
        for item in items
        if item["kind"] == "fields"
        for row in item["rows"]
        if row.get("mark")
    ]


@functools.lru_cache(maxsize=32)
def qr_png_data_uri(text: str) -> str:
    """A QR code as a tiny 1-bit PNG (one pixel per module, drawn unsmoothed by pdf.css).

    An inline SVG looks the same but WeasyPrint spends ~30 ms parsing its path per seal.
    """
    code = qrcode.QRCode(border=1)
    code.add_data(text)
    code.make(fit=True)
    return "data:image/png;base64," + base64.b64encode(_bilevel_png(code.get_matrix())).decode()


def _bilevel_png(matrix: list[list[bool]]) -> bytes:
    """Black (True) and white pixels as a greyscale PNG of bit depth 1."""
    height, width = len(matrix), len(matrix[0])
    raw = bytearray()
    for row in matrix:
        raw.append(0)  # filter: none
        for start in range(0, width, 8):
            byte = 0
            for bit, dark in enumerate(row[start : start + 8]):
                if not dark:
                    byte |= 0x80 >> bit
            raw.append(byte)
    return png(width, height, bytes(raw), bit_depth=1, colour_type=0, level=9)


def build_audit_html(
    seal_input: SealInput,
    document_sha256: str,
    *,
    themes_dir: Path,
    theme: str = "default",
    document_pages: int | None = None,
    sealed_at: datetime | None = None,
    attachments: list | None = None,
    attachment_pages: int = 0,
) -> str:
    return _render(
        themes_dir,
        theme,
        "audit.html",
        s=seal_input,
        document_sha256=document_sha256,
        document_pages=document_pages,
        sealed_at=(sealed_at or datetime.now(UTC)).isoformat(),
        verify_qr=qr_png_data_uri(seal_input.verify_url) if seal_input.verify_url else None,
        attachments=attachments or [],
        attachment_pages=attachment_pages,
    )
