"""The stamp component (validate / normalise / display / settings), its lint rules, how a
stamp lands in the document blocks, and the image cleaner (PNG/JPEG only, re-encoded)."""

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from components import FieldError, get_component, parse_definition
from components.fields.stamp import chosen_stamp
from components.lint import lint
from runtime.envelopes.document import build_blocks
from runtime.sealing.document import prepare_blocks
from runtime.stamps.images import MAX_UPLOAD_BYTES, StampImageError, clean_stamp_image, sniff

DEMO = Path(__file__).resolve().parents[2] / "runtime" / "demo" / "service_agreement.json"
STAMP = get_component("stamp")


def _field(**validation: object):  # noqa: ANN202 - a parsed Field
    d = _definition(validation)
    return d.field("company_stamp")


def _definition(validation: dict | None = None, *, organisation: bool = True) -> dict:
    d = json.loads(DEMO.read_text())
    d["roles"].append(
        {"key": "company", "name": "Company", "stage": 2, "organisation": organisation}
    )
    field = {
        "key": "company_stamp",
        "component": "stamp",
        "label": "Company stamp",
        "required": True,
    }
    if validation:
        field["validation"] = validation
    d["sections"].append({"key": "seal", "title": "Seal", "role": "company", "fields": [field]})
    d["document"].append({"kind": "signature", "role": "company", "field": "company_stamp"})
    return parse_definition(d) if validation is not None else d


def _png(size: tuple[int, int] = (64, 48), mode: str = "RGBA", fmt: str = "PNG") -> bytes:
    colour = {"RGBA": (200, 10, 10, 128), "RGB": (200, 10, 10), "1": 1}[mode]
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0b1c2d3e-aaaa-bbbb-cccc-000000000001", "0b1c2d3e-aaaa-bbbb-cccc-000000000001"),
        ({"stamp_id": " s_1 "}, "s_1"),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_values_are_normalised_to_a_stamp_id(raw: object, expected: object) -> None:
    assert STAMP.clean(raw, _field()) == expected


def test_a_required_stamp_without_value_and_a_bad_id_are_refused() -> None:
    with pytest.raises(FieldError, match="Choose the company stamp"):
        STAMP.validate(None, _field())
    with pytest.raises(FieldError, match="could not be found"):
        STAMP.validate("<img src=x>", _field())
    assert STAMP.display("s1") == "Company stamp applied" and STAMP.display(None) == ""


def test_the_author_picks_a_stamp_or_the_default() -> None:
    assert chosen_stamp(_field()) is None
    assert chosen_stamp(_field(stamp="default")) is None
    assert chosen_stamp(_field(stamp="abc-123")) == "abc-123"
    d = _definition()
    d["sections"][-1]["fields"][0]["validation"] = {"stamp": "../etc"}
    with pytest.raises(Exception, match="must be a stamp id"):
        parse_definition(d)


def test_lint_wants_stamps_in_organisation_roles_only() -> None:
    assert lint(parse_definition(_definition())) == []
    misplaced = _definition(organisation=False)
    found = {f.path: f.message for f in lint(parse_definition(misplaced))}
    assert "which the organisation applies" in found["$.sections[2].fields[0]"]
    typed = _definition()
    typed["sections"][-1]["fields"].append({"key": "note", "component": "text", "label": "Note"})
    found = {f.path: f.message for f in lint(parse_definition(typed))}
    assert "would never be filled in" in found["$.sections[2].fields[1]"]


def test_a_stamp_in_a_repeating_group_is_refused() -> None:
    """A row is typed by a person and no stamp is applied to it: it was published without
    a word, in a signer's step or in the organisation's."""
    rows = _definition()
    column = {"key": "row_stamp", "component": "stamp", "label": "Branch stamp"}
    group = {"key": "branches", "component": "group", "label": "Branches"}
    group["fields"] = [{"key": "name", "component": "text", "label": "Name"}, column]
    rows["sections"][0]["fields"].append(group)
    found = {f.path: f for f in lint(parse_definition(rows))}
    at = f"$.sections[0].fields[{len(rows['sections'][0]['fields']) - 1}].fields[1]"
    assert found[at].severity == "error"
    assert found[at].message == (
        "Branch stamp is a company stamp, which cannot be a column of a repeating group: "
        "put it in a step of a role signed by the organisation"
    )


def test_the_stamp_renders_where_its_signature_block_is() -> None:
    d = parse_definition(_definition())
    uri = "data:image/png;base64,iVBORw0KGgo="
    recipients = [{"role": "company", "name": "Acme Ltd", "completed_at": None}]
    blocks = build_blocks(d, {"company_stamp": "s1"}, recipients, {"company_stamp": uri})
    stamp = [b for b in blocks if b.get("role") == "Company"]
    assert stamp == [
        {
            "kind": "signature",
            "role": "Company",
            "name": "Acme Ltd",
            "image": None,
            "typed": None,
            "signed_at": None,
            "stamp": uri,
        }
    ]
    items = prepare_blocks(blocks)
    shown = [s for i in items if i["kind"] == "signatures" for s in i["signatures"]]
    assert shown[-1]["stamp"] == uri and "stamp" not in shown[0]  # the customer signs
    hostile = prepare_blocks([{**stamp[0], "stamp": "file:///etc/passwd"}])
    assert hostile[0]["signatures"][0]["stamp"] is None  # never a URL to fetch


def test_images_are_reencoded_as_png() -> None:
    for data in (_png(), _png(mode="RGB", fmt="JPEG"), _png() + b"<script>x</script>"):
        clean = clean_stamp_image(data)
        assert clean.data.startswith(b"\x89PNG") and b"<script>" not in clean.data
        assert (clean.width, clean.height) == (64, 48)
    big = clean_stamp_image(_png((3000, 1500)))
    assert (big.width, big.height) == (1200, 600)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "SVG images are not accepted"),
        (b"\xef\xbb\xbf  <?xml version='1.0'?><svg/>", "SVG images are not accepted"),
        (b"GIF89a....", "not a PNG or JPEG"),
        (b"", "Choose an image file"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "could not be read"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_UPLOAD_BYTES, "at most 2 MB"),
        (_png((8, 8)), "too small"),
    ],
)
def test_bad_images_are_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(StampImageError, match=message):
        clean_stamp_image(data)


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    bomb = _png((6000, 6000), mode="1")  # a tiny file that claims 36 million pixels
    assert len(bomb) < MAX_UPLOAD_BYTES
    with pytest.raises(StampImageError, match="more than 25 million pixels"):
        clean_stamp_image(bomb)
    assert sniff(bomb) == "png"


def test_an_embedded_form_names_only_the_person_not_the_organisation() -> None:
    from runtime.embed.service import _signer_role

    assert _signer_role(parse_definition(_definition())) == "customer"
