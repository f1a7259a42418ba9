"""A file field's own limit reads as its author set it: max_size 100,000 bytes is "up to
100 KB each", not "up to 97.7 KB each", in the hint, the page script's refusal and the
server's; 204,800 bytes still reads 200 KB (test_signer_upload_limit_as_set.py). The
file over it is refused, the file of it goes."""

import copy
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from runtime import i18n
from runtime.i18n.jinja import limit_size
from tests.integration.claim_form import CLAIM_FORM, PDF, opened_claim, upload
from tests.integration.conftest import Org


def _form(max_size: int) -> dict[str, Any]:
    form = copy.deepcopy(CLAIM_FORM)
    receipts = form["sections"][0]["fields"][1]
    assert receipts["key"] == "receipts"
    receipts["validation"]["max_size"] = max_size
    return form


def _pdf(size: int) -> bytes:
    return PDF + b"0" * (size - len(PDF))


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_a_limit_of_100000_bytes_reads_100_kb(client: AsyncTestClient, org: Org) -> None:
    link, _ = await opened_claim(client, org, _form(100_000))
    page = (await client.get(f"{link}/step/1")).text
    assert "PDF or PNG, up to 100 KB each." in page
    assert "97.7 KB" not in page
    assert 'data-max-size="100000"' in page
    assert 'data-too-large="The selected file must be smaller than 100 KB"' in page

    over = await upload(client, f"{link}/files/receipts", "over.pdf", _pdf(100_001))
    assert over.status_code == 422
    assert "The selected file must be smaller than 100 KB (over.pdf)" in over.text
    exactly = await upload(client, f"{link}/files/receipts", "exactly.pdf", _pdf(100_000))
    assert exactly.status_code == 200, exactly.text


def test_limits_read_as_set_in_every_unit() -> None:
    assert limit_size(100_000) == "100 KB"
    assert limit_size(204_800) == "200 KB"
    assert limit_size(5_000_000) == "5 MB"
    assert limit_size(10 * 1024 * 1024) == "10 MB"
    assert limit_size(1_500_000) == "1.5 MB"  # 1,500 KB
    assert limit_size(100_001) == "97.7 KB"  # no figure set: as a file's size reads
    with i18n.use_language("fr"):
        assert limit_size(100_000) == "100\u202fko"  # a narrow no-break space
