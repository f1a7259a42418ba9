"""The table of answers as the PDF lays it out: label/value rows, and each repeating group
taken out as a table of its own (a line per row, a column per sub-field), with the marks
(drawn or typed signatures and initials) and the column widths its cells need."""

from __future__ import annotations

from runtime.bidi import text_direction

IMAGE_PREFIXES = ("data:image/png;base64,", "data:image/jpeg;base64,")


def answer_items(rows: list[dict]) -> list[dict]:
    """A fields block as label/value tables, with each repeating group that has rows
    (a row carrying a "table") taken out as a table of its own: one line per group row
    under repeated column headings, instead of every row run together in one tall cell
    that cannot be split across pages."""
    items: list[dict] = []
    plain: list[dict] = []
    for row in rows:
        table = row.get("table")
        if not (isinstance(table, dict) and table.get("rows") and table.get("columns")):
            plain.append(_with_mark(row))
            continue
        if plain:
            items.append({"kind": "fields", "rows": plain})
            plain = []
        columns = list(table["columns"])
        numeric = list(table.get("numeric") or [])
        laid_out, tight = _columns(columns, numeric, table["rows"])
        items.append(
            {
                "kind": "group",
                "label": row.get("label", ""),
                "columns": laid_out,
                "tight": tight,
                "rows": [list(cells) for cells in table["rows"]],
                "images": _cell_images(table.get("images"), len(table["rows"]), len(columns)),
                "typed": _cell_typed(table.get("typed"), len(table["rows"]), len(columns)),
            }
        )
    if plain or not items:
        items.append({"kind": "fields", "rows": plain})
    return items


def _with_mark(row: dict) -> dict:
    """A row of initials with what the PDF draws for them (`mark`): an inline PNG/JPEG
    (never a URL to fetch), or typed initials in the signature face and their direction."""
    mark = row.get("mark")
    if not isinstance(mark, dict):
        return row
    image, typed = str(mark.get("image") or ""), mark.get("typed")
    if image.startswith(IMAGE_PREFIXES):
        return {**row, "mark": {"image": image}}
    if isinstance(typed, str) and typed:
        return {**row, "mark": {"typed": typed, "dir": text_direction(typed)}}
    return {**row, "mark": None}


GROUP_WIDTH_MM = 166 * 0.94
"""The width a group table's columns share (A4 less pdf.css's margins, less the # column)."""


WIDENED_SHARE = 0.7
"""At most this share of the table goes to widened number columns, so the table itself
always stays on the page (a fixed layout grows past 100% when its columns ask for more)."""


def _columns(labels: list, numeric: list, rows: list) -> tuple[list[dict], bool]:
    """Each column's heading, whether it holds numbers, and the width a long number needs;
    and whether the numbers do not all fit even so (`tight`: then they may be split,
    pdf.css, rather than printed over one another)."""
    flags = [bool(i < len(numeric) and numeric[i]) for i in range(len(labels))]
    needed = [_number_width(rows, i, len(labels)) if flag else 0.0 for i, flag in enumerate(flags)]
    scale = min(1.0, GROUP_WIDTH_MM * WIDENED_SHARE / (sum(needed) or 1.0))
    share = GROUP_WIDTH_MM / max(len(labels), 1)  # never narrower than without a width
    columns = [
        {
            "label": label,
            "numeric": flag,
            "width": f"{max(width * scale, share):.1f}mm" if width else "",
        }
        for label, flag, width in zip(labels, flags, needed, strict=True)
    ]
    return columns, scale < 1.0


def _number_width(rows: list, column: int, columns: int) -> float:
    """The width (mm) a column of long numbers or amounts needs ("€1,250,000.00" among
    seven columns): they are never split over two lines (pdf.css) and so ran into the
    next column. 0 when the column's equal share fits them. From the digit width of the
    table's type (DejaVu's is 0.64 em) and its padding."""
    wide = columns > 5  # pdf.css: table.fields.group.wide, 8 pt instead of 9.5 pt
    digit, padding = (0.64 * 8 * 0.3528, 2.4) if wide else (0.64 * 9.5 * 0.3528, 4.0)
    longest = max((len(str(cells[column])) for cells in rows if column < len(cells)), default=0)
    needed = longest * digit + padding + 1.0
    return 0.0 if needed <= GROUP_WIDTH_MM / columns else needed


def _cell_images(images: object, rows: int, columns: int) -> list[list[str]]:
    """Drawn signatures in a group's cells: inline PNG/JPEG only (never a URL to fetch),
    "" where a cell shows its text."""
    grid = images if isinstance(images, list) else []
    out = []
    for r in range(rows):
        line = grid[r] if r < len(grid) and isinstance(grid[r], list) else []
        out.append(
            [
                str(line[c]) if c < len(line) and str(line[c]).startswith(IMAGE_PREFIXES) else ""
                for c in range(columns)
            ]
        )
    return out


def _cell_typed(typed: object, rows: int, columns: int) -> list[list[dict | None]]:
    """Typed signatures and initials in a group's cells, drawn like a typed signature
    anywhere else (the signature face, right to left for an Arabic name); None where a
    cell shows its text."""
    grid = typed if isinstance(typed, list) else []
    out: list[list[dict | None]] = []
    for r in range(rows):
        line = grid[r] if r < len(grid) and isinstance(grid[r], list) else []
        out.append(
            [
                {"text": text, "dir": text_direction(text)}
                if c < len(line) and isinstance(text := line[c], str) and text
                else None
                for c in range(columns)
            ]
        )
    return out
