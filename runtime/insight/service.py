"""The dashboard as one call: the figures for a filter, and the choices for its filter form."""

import datetime as dt
import uuid
from dataclasses import replace
from typing import Any

from components import parse_definition
from runtime.archive.filters import ArchiveFilter
from runtime.envelopes.origin import LABELS, MAKERS, UNKNOWN_CHOICE, maker_choices
from runtime.errors import Invalid
from runtime.insight import metrics
from runtime.insight.funnel import build_funnels
from runtime.organisations.sharing import shared_templates, usable_template
from runtime.tables import Envelope, Template
from runtime.templates.service import latest_version

MAX_DAYS = 3 * 366


def dashboard_filter(f: ArchiveFilter, today: dt.date) -> ArchiveFilter:
    """The dashboard's filter: template, sender, team and dates (the last 12 weeks unless
    given); free text, status and tag belong to the archive."""
    start, end = metrics.default_range(today)
    chosen = replace(
        f,
        q="",
        query_words=[],
        status="",
        tag="",
        date_from=f.date_from or (start if not f.date_to else f.date_to - dt.timedelta(weeks=12)),
        date_to=f.date_to or end,
    )
    assert chosen.date_from and chosen.date_to
    if (chosen.date_to - chosen.date_from).days > MAX_DAYS:
        message = (
            "“Sent from” and “to” may be at most three years apart: the weekly trend draws"
            " one point a week."
        )
        raise Invalid(message, extra={"errors": [{"parameter": "from", "message": message}]})
    return chosen


async def dashboard(organisation_id: uuid.UUID, f: ArchiveFilter) -> dict[str, Any]:
    definition = None
    if f.template_id is not None:
        # its own template, or one shared from above (groups); else NotFound
        template = await usable_template(organisation_id, f.template_id)
        if template["latest_version"]:
            definition = parse_definition((await latest_version(f.template_id))["definition"])
    return {
        "summary": await metrics.summary(organisation_id, f),
        "weeks": await metrics.weekly(organisation_id, f),
        "funnels": build_funnels(await metrics.signer_steps(organisation_id, f), definition),
    }


async def filter_options(
    organisation_id: uuid.UUID, sender: str = "", team: str = ""
) -> dict[str, Any]:
    """Templates, senders (people, then what made envelopes without one) and the people's
    email domains (formseal's stand-in for teams). ``sender``, the chosen one, is listed
    even when it made no envelope (a bookmark, `?sender=cli`): the list said "Everyone"
    while the figures were of that sender, and the line above them said "sender cli";
    ``team`` likewise."""
    templates = list(
        await Template.select(Template.id, Template.name)
        .where(Template.organisation == organisation_id)
        .order_by(Template.name)
    ) + [{"id": t["id"], "name": t["name"]} for t in await shared_templates(organisation_id)]
    senders = [
        r["sender_email"]
        for r in await Envelope.select(Envelope.sender_email)
        .where((Envelope.organisation == organisation_id) & (Envelope.sender_email != ""))
        .distinct()
        .order_by(Envelope.sender_email)
        .limit(300)
    ]
    teams = sorted({s.rsplit("@", 1)[-1].lower() for s in senders if "@" in s})
    makers = await maker_choices(organisation_id)
    chosen = sender.strip().lower()
    if chosen in MAKERS and chosen not in (value for value, _ in makers):
        makers.append((chosen, LABELS.get(chosen, UNKNOWN_CHOICE)))
    elif "@" in chosen:
        senders.append(chosen)
    domain = team.strip().lower().lstrip("@")  # as runtime/archive/filters.py reads it
    if domain and domain not in teams:  # likewise a team (an email domain)
        teams = sorted([*teams, domain])
    return {
        "templates": [{"id": str(t["id"]), "name": t["name"]} for t in templates],
        "senders": sorted({s.lower() for s in senders}),
        # what made the envelopes without a sender's email, in words: (value, label)
        "makers": makers,
        "teams": teams,
    }
