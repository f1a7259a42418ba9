"""Which files made a step's body too large to take (a step sent without JavaScript).

Over FORMSEAL_MAX_UPLOAD_BYTES the form is refused unread (413), so it is not known which
question's file was too large. Rather than telling every upload question of the step, the
body is read once more as a stream and only counted: each file part's size by its name,
nothing of them kept, up to a ceiling (a few times the limit) so an endless body cannot
hold the process. The text parts (typed answers) are small and are kept, up to a cap, so
the page shows them again and the signer only chooses the files again. Reading the body to
its end also lets the browser, still sending, show the answer page instead of a reset
connection.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request
from litestar.datastructures import MultiDict
from python_multipart.multipart import MultipartParser, parse_options_header

from runtime.i18n import gettext as _
from runtime.i18n.jinja import file_size
from runtime.signing.service import SigningContext
from runtime.signing.uploads import about_file, file_limit, too_large_error
from runtime.web.field_markup import one_per_line

#: how many times the server's limit is read at most to find the offending files
CEILING_FACTOR = 4
#: the typed answers kept from a refused body, all text parts together (bytes)
TEXT_CAP = 256 * 1024


class _Counter:
    """Callbacks of the streaming parser: each file's name and bytes, by the part's name."""

    def __init__(self) -> None:
        self.files: dict[str, list[tuple[str, int]]] = {}
        self.texts: list[tuple[str, str]] = []
        """The text parts in order, (name, value); none once they pass TEXT_CAP."""
        self._text: bytearray | None = None
        self._kept = 0
        self.typed = 0
        """The bytes of every text part (kept or not)."""
        self._field = b""
        self._value = b""
        self._headers: dict[bytes, bytes] = {}
        self._name: str | None = None

    def callbacks(self) -> dict[str, Callable[..., None]]:
        return {
            "on_part_begin": self._begin,
            "on_header_field": lambda data, start, end: self._add("_field", data[start:end]),
            "on_header_value": lambda data, start, end: self._add("_value", data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._data,
            "on_part_end": self._end,
        }

    def _add(self, attribute: str, data: bytes) -> None:
        setattr(self, attribute, getattr(self, attribute) + data)

    def _begin(self) -> None:
        self._headers, self._name, self._text = {}, None, None

    def _header_end(self) -> None:
        self._headers[self._field.strip().lower()] = self._value.strip()
        self._field = self._value = b""

    def _headers_finished(self) -> None:
        _kind, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        filename = options.get(b"filename")
        if filename:  # a file; text parts are not counted
            self._name = options.get(b"name", b"").decode("utf-8", "replace")
            named = filename.decode("utf-8", "replace")
            self.files.setdefault(self._name, []).append((named, 0))
        elif b"name" in options:
            self._text_name = options[b"name"].decode("utf-8", "replace")
            self._text = bytearray()

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._name is not None:
            named, size = self.files[self._name][-1]
            self.files[self._name][-1] = (named, size + end - start)
        elif self._text is not None:
            self.typed += end - start
            self._kept += end - start
            if self._kept > TEXT_CAP:  # not a typed answer: keep none rather than some
                self.texts, self._text = [], None
            else:
                self._text += data[start:end]

    def _end(self) -> None:
        if self._text is not None and self._kept <= TEXT_CAP:
            self.texts.append((self._text_name, self._text.decode("utf-8", "replace")))
        self._text = None


Posted = dict[str, list[tuple[str, int]]]
"""The files of a refused body, (file name, size) by the part's name; under TYPED, the
bytes of its text parts (typed answers), all of them."""
TYPED = ""


async def posted_files(
    request: Request[Any, Any, Any], limit: int
) -> tuple[Posted | None, MultiDict]:
    """The files posted in a body refused as too large, (file name, size) by the part's
    name (a file still being sent at the ceiling counts what was read of it) and the typed
    answers' size (TYPED), and the text parts (empty past TEXT_CAP); None and nothing when
    the body cannot be read again (already partly read, or not a multipart form)."""
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary or request.content_length is None:
        return None, MultiDict()  # without a length, the body was partly read: not parseable
    counter = _Counter()
    parser = MultipartParser(boundary, counter.callbacks())  # type: ignore[arg-type]
    receive: Callable[[], Awaitable[Any]] = request.receive
    ceiling, read = CEILING_FACTOR * limit, 0
    try:
        while read < ceiling:
            event = await receive()
            if event["type"] != "http.request":
                return None, MultiDict()  # the browser gave up
            body = event.get("body", b"")
            read += len(body)
            parser.write(body)
            if not event.get("more_body", False):
                break
    except Exception:  # noqa: BLE001 - a malformed body: fall back to naming every upload
        return None, MultiDict()
    return {**counter.files, TYPED: [("", counter.typed)]}, MultiDict(counter.texts)


def too_large_errors(ctx: SigningContext, index: int, posted: Posted | None) -> dict[str, str]:
    """A step sent with a file over the server's limit: the problem on the question whose
    file was too large (`posted`, runtime/signing/oversize.py), or, when no file alone was,
    the one with the most; on every upload question when the body could not be counted."""
    kinds = ("attachment", "signature", "initials")
    fields = [f for f in ctx.sections[index].fields if f.component in kinds]
    if posted is None:
        return {f.key: too_large_error(ctx, f.key) for f in fields}

    def files(f: Any) -> list[tuple[str, int]]:
        return posted.get(
            f"{f.key}__files" if f.component == "attachment" else f"{f.key}__upload", []
        )

    errors = {}
    for f in fields:
        over = [name for name, size in files(f) if size > file_limit(ctx, f.key)]
        if over:
            errors[f.key] = _about(f, too_large_error(ctx, f.key), over)
    if errors:
        return errors
    largest = max(fields, key=lambda f: sum(size for _n, size in files(f)), default=None)
    if largest is not None and files(largest):  # together too large
        return {largest.key: together_too_large(ctx, posted)}
    questions = fields or ctx.sections[index].fields  # no file: the typed answers alone
    return {questions[0].key: together_too_large(ctx, posted)} if questions else {}


def together_too_large(ctx: SigningContext, posted: Posted) -> str:
    """Files each small enough, sent together with a step over the server's limit: said of
    the files together, naming their total and the limit (the one the hint names: a file
    that size always goes), not "The selected file must be smaller than …" of a file that
    is. When the files alone do not read as more than the limit, the typed answers made up
    the rest (the form around the files has only 64 KB of room): the total says so, and
    counts them, so it never reads as less than the limit it is refused for."""
    typed = sum(size for _n, size in posted.get(TYPED, []))
    sent = sum(size for key, files in posted.items() if key != TYPED for _n, size in files)
    limit = ctx.upload_cap or sent + typed
    if sent > limit and file_size(sent) != file_size(limit, at_most=True):
        return _(
            "The selected files are %(total)s together, more than the %(limit)s that can be "
            "sent at once",
            total=file_size(sent),
            limit=file_size(limit, at_most=True),
        )
    if sent:
        return _(
            "Your answers and the selected files are %(total)s together, more than the "
            "%(limit)s that can be sent at once",
            total=file_size(sent + typed),
            limit=file_size(limit, at_most=True),
        )
    return _(
        "Your answers are %(total)s, more than the %(limit)s that can be sent at once",
        total=file_size(typed),
        limit=file_size(limit, at_most=True),
    )


def _about(field: Any, message: str, filenames: list[str]) -> str:
    """Each file too large, named on its own line (a signature takes one picture)."""
    if field.component != "attachment":
        return message
    return one_per_line(about_file(message, name) for name in filenames)
