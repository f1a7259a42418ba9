"""A request that carries files may be a little larger than the files themselves: the
multipart form around them (boundaries, headers, the other fields). That room is one named
figure, MULTIPART_OVERHEAD in runtime/files.py, which FORMSEAL_MAX_UPLOAD_BYTES's "a request
may be 64 KB larger" (docs/settings.md) describes. Six handlers wrote `+ 64 * 1024`
themselves beside the constant (/verify, the bulk send's API and designer pages, the logo,
stamps), so a reader could not tell that it was the same room nor change it in one place."""

import re
from pathlib import Path

from designer.branding import controller as branding
from designer.settings import controller as stamps
from runtime.files import MULTIPART_OVERHEAD
from runtime.signing import uploads

ROOT = Path(__file__).resolve().parents[2]
ADDED_BY_HAND = re.compile(r"\+\s*64\s*\*\s*1024\b")


def test_the_room_is_named_once() -> None:
    written = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("runtime", "designer", "components")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ADDED_BY_HAND.search(line)
    ]
    assert written == []


def test_every_upload_limit_leaves_the_same_room() -> None:
    assert MULTIPART_OVERHEAD == 64 * 1024  # "64 KB larger" in docs/settings.md
    assert uploads.MULTIPART_OVERHEAD == MULTIPART_OVERHEAD
    assert branding.MAX_BODY == 2 * branding.MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD
    assert stamps.MAX_BODY == 2 * stamps.MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD
