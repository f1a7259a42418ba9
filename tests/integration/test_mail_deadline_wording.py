"""A deadline in a mail is read in an inbox: to the minute, never "03:17:36" (review)."""

import datetime as dt
import re

import pytest
from litestar.testing import AsyncTestClient

from runtime.i18n import use_language
from runtime.i18n.dates import format_datetime_minutes
from runtime.settings import Settings
from tests.integration.conftest import Mailbox, Org, create_envelope, import_template, run_jobs

SECONDS = re.compile(r"\d:\d\d:\d\d")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        # the day in full, as the signer's pages write it (test_signer_dates.py)
        ("en", "12 December 2026, 03:17 UTC"),
        ("fr", "12 décembre 2026, 03:17 UTC"),
        ("ms", "12 Disember 2026, 3:17\u202fPG UTC"),
        ("vi", "03:17 12 tháng 12, 2026 UTC"),
        ("zh_CN", "2026年12月12日 03:17 UTC"),
    ],
)
def test_mail_date_times_stop_at_the_minute_in_every_language(language: str, expected: str) -> None:
    with use_language(language):
        assert (
            format_datetime_minutes(dt.datetime(2026, 12, 12, 3, 17, 36, tzinfo=dt.UTC)) == expected
        )


async def test_an_invitations_deadline_has_no_seconds(
    mail_client: AsyncTestClient, org: Org, mailbox: Mailbox, mail_settings: Settings
) -> None:
    template = await import_template(mail_client, org)
    await create_envelope(mail_client, org, template["id"], expires_in_days=3)
    await run_jobs(mail_settings)
    text = Mailbox.text(mailbox.to("alex@example.com")[-1])
    deadline = re.search(r"Please finish before (.+ UTC)\.", text)
    assert deadline and not SECONDS.search(deadline.group(1)), text
