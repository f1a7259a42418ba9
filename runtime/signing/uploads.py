"""Files a signer uploads: attachment requests and pictures of a signature.

Types are decided by content (runtime/signing/sniff.py), sizes and counts by the field's
`validation`; files go outside the database through runtime/files.store_stream, marked with
their owner. The original name is kept only as cleaned, escaped-on-output metadata.
"""

import asyncio
import base64
import io
import unicodedata
import uuid
from collections.abc import AsyncIterator
from typing import Any, BinaryIO

from litestar.datastructures import UploadFile

from components import FieldError
from components.fields.attachment import check_file, describe_types, max_size
from runtime import audit, i18n
from runtime.errors import Conflict
from runtime.files import MULTIPART_OVERHEAD, delete_file, open_file, read_file, store_stream
from runtime.i18n import gettext as _
from runtime.i18n.jinja import file_size
from runtime.i18n.messages import translate_message
from runtime.images import MAX_IMAGE_PIXELS, too_many_pixels
from runtime.sealing.ink import ink_png
from runtime.settings import Settings
from runtime.signing import views
from runtime.signing.drafts import change_draft
from runtime.signing.forms import posted_files
from runtime.signing.service import SigningContext, attached_files, ensure_can_act
from runtime.signing.sniff import EXTENSIONS, sniff, sniff_file
from runtime.storage.base import CHUNK_BYTES
from runtime.tables import StoredFile
from runtime.web.field_markup import one_per_line

SIGNATURE_UPLOAD_MAX = views.SIGNATURE_UPLOAD_MAX
_ALIASES = {".jpg": [".jpg", ".jpeg"], ".tif": [".tif", ".tiff"], ".txt": [".txt", ".csv"]}


def clean_name(name: str) -> str:
    """A display name: the last path part, no control characters, NFC, at most 255 chars."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = " ".join(name.split()).strip(". ")
    return name[:255] or "file"


def _field(ctx: SigningContext, key: str, component: str) -> Any:
    field = ctx.definition.field(key)
    visible = {f.key for s in ctx.sections for f in s.fields}
    if field is None or field.component not in component.split("|") or key not in visible:
        raise FieldError(_("This question does not take files."))
    if ctx.locked(key):
        raise FieldError(_("This answer was filled in for you and cannot be changed."))
    return field


def _judge(field: Any, media: str | None, size: int) -> str:
    """The upload's media type if the field accepts it at this size, else a FieldError."""
    if media is None:
        raise FieldError(
            _("The selected file must be a %(types)s", types=describe_types(field, i18n.or_list))
        )
    ext = EXTENSIONS[media]
    candidates = _ALIASES.get(ext, [ext])
    for candidate in candidates:
        try:
            check_file(field, f"upload{candidate}", media, size)
            return media
        except FieldError as exc:
            last = exc
    if size == 0:
        raise FieldError(_("The selected file is empty"))
    if size > max_size(field):
        raise FieldError(last.message)
    raise FieldError(
        _("The selected file must be a %(types)s", types=describe_types(field, i18n.or_list))
    )


def _size_of(file: BinaryIO) -> int:
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    """The upload's spooled file in pieces (read in a thread once it is on disk)."""
    await upload.seek(0)
    while chunk := await upload.read(CHUNK_BYTES):
        yield chunk


def file_limit(ctx: SigningContext, key: str) -> int:
    """The largest file an upload to `key` takes: the attachment request's own limit or
    the server's (FORMSEAL_MAX_UPLOAD_BYTES), whichever is smaller."""
    field = ctx.definition.field(key)
    if field and field.component == "attachment":
        return views.file_limit(field, ctx.upload_cap)
    return views.picture_limit(ctx.upload_cap)


def size_limit(ctx: SigningContext, key: str) -> int:
    """The largest request body accepted for an upload to `key` (413 above it)."""
    return file_limit(ctx, key) + MULTIPART_OVERHEAD


def too_large_error(ctx: SigningContext, key: str) -> str:
    """What an upload to `key` over its limit is told, naming the limit in the signer's
    language: a file, or a signature's picture (5 MB, or the server's lower cap)."""
    field = ctx.definition.field(key)
    size = file_size(file_limit(ctx, key), at_most=True)
    if field and field.component == "attachment":  # the request's limit as its author set it
        size = views.limit_size_words(field, ctx.upload_cap)
        return _("The selected file must be smaller than %(size)s", size=size)
    if field and field.component == "initials":
        return _("The picture of your initials must be smaller than %(size)s", size=size)
    return _("The picture of your signature must be smaller than %(size)s", size=size)


def about_file(message: str, filename: str | None) -> str:
    """An upload's error naming the file it is about ("… (notes.txt)"): a signer who
    chose several files at once can tell which one was refused."""
    return f"{message} ({clean_name(filename or '')})"


async def add_file(
    settings: Settings, ctx: SigningContext, key: str, upload: UploadFile, ip: str = ""
) -> dict[str, Any]:
    """Check and store one upload for an attachment request; returns its reference.

    The multipart parser has spooled the file (in memory up to 1 MiB, on disk above): its
    type is judged from its first bytes, its size by seeking, and it goes to storage in
    pieces, with the sha256 computed on the way, so no upload is ever held whole."""
    await ensure_can_act(ctx)
    field = _field(ctx, key, "attachment")
    most = field.validation.get("max_files", 1)
    size = await asyncio.to_thread(_size_of, upload.file)  # type: ignore[arg-type]
    if not size:
        raise FieldError(_("The selected file is empty"))
    _added(ctx, key, {}, most)  # room for it now (and again on the draft it goes into)
    await _room_for_one_more(settings, ctx)  # checked again once this one is stored
    if size > file_limit(ctx, key):  # the server's cap, below the field's own
        raise FieldError(too_large_error(ctx, key))
    media = _judge(field, await asyncio.to_thread(sniff_file, upload.file), size)  # type: ignore[arg-type]
    if media.startswith("image/") and await asyncio.to_thread(too_many_pixels, upload.file):  # type: ignore[arg-type]
        raise FieldError(_too_many_pixels())
    name = clean_name(upload.filename)
    stored = await store_stream(
        settings,
        ctx.envelope["organisation"],
        "attachment",
        _chunks(upload),
        content_type=media,
        original_name=name,
    )
    await StoredFile.update({StoredFile.owner: ctx.owner}).where(StoredFile.id == stored.id)
    reference = {
        "file_id": str(stored.id),
        "name": name,
        "size": stored.size,
        "sha256": stored.sha256,
        "content_type": media,
    }
    try:  # counted again on the draft it goes into: an upload crossing this one came first
        await change_draft(
            ctx,
            lambda c: {**c.draft, key: _added(c, key, reference, most)},
            lambda: _room_for_one_more(settings, ctx, stored.id),
        )
    except (FieldError, Conflict):  # no room, or the draft kept changing: nothing kept
        await delete_file(settings, ctx.envelope["organisation"], stored.id)
        raise
    await audit.record(
        ctx.envelope["organisation"],
        "recipient.file_uploaded",
        envelope_id=ctx.envelope["id"],
        actor=audit.recipient_actor(ctx.recipient),
        ip=ip,
        data={
            "recipient_id": str(ctx.recipient["id"]),
            "field": key,
            "file_id": reference["file_id"],
            "name": name,
            "size": stored.size,
            "sha256": stored.sha256,
            "content_type": media,
        },
    )
    return reference


async def _room_for_one_more(
    settings: Settings, ctx: SigningContext, stored: uuid.UUID | None = None
) -> None:
    """FieldError when the signer's files (every one they uploaded, `stored` left out)
    already number FORMSEAL_SIGNER_ATTACHMENT_MAX_FILES. Checked before an upload is stored
    and again after, beside its draft write: each of two crossing uploads has marked its
    file as the signer's before it counts, so the later one to count sees the other's and
    the signer never holds one file more than the cap (both may be refused, never both
    kept)."""
    owned = StoredFile.count().where(StoredFile.owner == ctx.owner)
    if stored is not None:
        owned = owned.where(StoredFile.id != stored)
    if await owned >= settings.signer_attachment_max_files:
        raise FieldError(too_many_uploads(settings.signer_attachment_max_files))


async def upload_room(settings: Settings, ctx: SigningContext) -> tuple[int, int] | None:
    """(files the signer may still upload over every attachment request, the cap), for the
    hints ("You can upload 2 more files."); None when none of their steps takes files."""
    if not any(f.component == "attachment" for s in ctx.sections for f in s.fields):
        return None
    owned = await StoredFile.count().where(StoredFile.owner == ctx.owner)
    most = settings.signer_attachment_max_files
    return max(0, most - owned), most


def too_many_uploads(most: int) -> str:
    """The signer's cap is on files uploaded, not files kept: one removed (kept for the
    audit) still counts, so the signer is not told to remove some first."""
    return _(
        "You have uploaded %(count)s files, the most one person may upload for this document"
        " (files you removed count too). Contact the sender if you need to send more.",
        count=most,
    )


def refusal_at_cap(message: str, room: tuple[int, int] | None) -> str:
    """A file refused at the signer's cap (`room`: places left, the cap) is told only that it
    was not taken: every file question's hint then says why at length (_files_left.html), so
    the long words again in the refusal (and the step's summary, or the status line) would
    say the same thing twice, with or without JavaScript."""
    if room is not None and room[0] == 0 and message == too_many_uploads(room[1]):
        return _("You cannot upload more files")
    return message


async def remove_file(ctx: SigningContext, key: str, file_id: str) -> bool:
    """Take a file off an attachment request (the stored bytes stay for the audit)."""
    await ensure_can_act(ctx)
    _field(ctx, key, "attachment")
    if not any(f.get("file_id") == file_id for f in attached_files(ctx, key)):
        return False
    await change_draft(ctx, lambda c: {**c.draft, key: _without(c, key, file_id)})
    return True


def _added(ctx: SigningContext, key: str, reference: dict, most: int) -> list[dict]:
    """The files of `key` with `reference` added (or instead, when one is taken): FieldError
    when they already number `most`."""
    files = attached_files(ctx, key)
    if most == 1 and len(files) == 1:
        return [reference]
    if len(files) >= most:
        raise FieldError(_too_many_files(most))
    return [*files, reference]


def _too_many_files(most: int) -> str:  # the count checked before and after storing
    return _("You can upload no more than %(count)s files here: remove one first", count=most)


def _without(ctx: SigningContext, key: str, file_id: str) -> list[dict]:
    return [f for f in attached_files(ctx, key) if f.get("file_id") != file_id]


def parse_file_id(file_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(file_id)
    except ValueError:
        return None


async def owned_file(settings: Settings, ctx: SigningContext, file_id: str) -> tuple[dict, bytes]:
    """A file this recipient uploaded; anybody else's is not found."""
    return await read_file(settings, ctx.envelope["organisation"], await _owned(ctx, file_id))


async def owned_stream(
    settings: Settings, ctx: SigningContext, file_id: str
) -> tuple[dict, AsyncIterator[bytes]]:
    """`owned_file` as chunks, for downloads."""
    return await open_file(settings, ctx.envelope["organisation"], await _owned(ctx, file_id))


async def _owned(ctx: SigningContext, file_id: str) -> uuid.UUID:
    parsed = parse_file_id(file_id)
    row = None
    if parsed is not None:
        row = (
            await StoredFile.select(StoredFile.id)
            .where((StoredFile.id == parsed) & (StoredFile.owner == ctx.owner))
            .first()
        )
    if row is None or parsed is None:
        raise FileNotFoundError(file_id)
    return parsed


def _too_many_pixels() -> str:
    """A picture whose header declares more pixels than we decode (runtime/images.py)."""
    return _(
        "The picture is too large: it has more than %(count)s million pixels. Choose a smaller one",
        count=MAX_IMAGE_PIXELS // 1_000_000,
    )


def _signature_png(data: bytes) -> bytes:
    """The picture as a PNG of at most 900×300 pixels, ink only: the paper around a photo
    of a signature is made transparent (runtime/sealing/ink.py), so in the sealed PDF it
    never covers the signature line."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail((900, 300))
        out = io.BytesIO()
        image.convert("RGBA").save(out, "PNG", optimize=True)
    return ink_png(out.getvalue())


async def signature_image(ctx: SigningContext, key: str, data: bytes) -> str:
    """A picture of a handwritten signature (PNG or JPEG, by content) as a PNG data URL."""
    await ensure_can_act(ctx)
    _field(ctx, key, "signature|initials")
    if not data:
        raise FieldError(_("The selected file is empty"))
    if len(data) > file_limit(ctx, key):
        raise FieldError(too_large_error(ctx, key))
    if sniff(data) not in ("image/png", "image/jpeg"):
        raise FieldError(_("The picture of your signature must be a PNG or JPG image"))
    if too_many_pixels(data):  # decoding it could take gigabytes of the web process
        raise FieldError(_too_many_pixels())
    try:
        png = await asyncio.to_thread(_signature_png, data)
    except (OSError, ValueError, Exception) as exc:  # Pillow raises many kinds for bad files
        raise FieldError(_("The picture could not be read; choose another one")) from exc
    return "data:image/png;base64," + base64.b64encode(png).decode()


async def take_step_uploads(
    settings: Settings, ctx: SigningContext, index: int, form: Any, ip: str
) -> dict[str, Any]:
    """Files sent with the step itself (no JavaScript): store them before judging. The
    problems by field key, and under "__signatures" the signature pictures as data URLs."""
    errors: dict[str, Any] = {}
    signatures: dict[str, str] = {}
    refused: dict[str, list[tuple[str, str | None]]] = {}  # each file refused, by question
    sent = False
    for f in ctx.sections[index].fields:
        for upload in posted_files(
            form, f"{f.key}__files" if f.component == "attachment" else f"{f.key}__upload"
        ):
            try:
                if f.component == "attachment":
                    sent = True
                    await add_file(settings, ctx, f.key, upload, ip)
                elif f.component in ("signature", "initials"):
                    data = await upload.read(file_limit(ctx, f.key) + 1)
                    signatures[f.key] = await signature_image(ctx, f.key, data)
            except FieldError as exc:
                message = translate_message(exc.message)
                if f.component == "attachment":
                    refused.setdefault(f.key, []).append((message, upload.filename))
                else:
                    errors[f.key] = message
    if sent:  # the step's hints count the files just taken (one may have reached the cap)
        ctx.upload_room = await upload_room(settings, ctx)
    for key, files in refused.items():  # each named, on its own line
        errors[key] = one_per_line(
            about_file(refusal_at_cap(message, ctx.upload_room), filename)
            for message, filename in files
        )
    errors["__signatures"] = signatures
    return errors
