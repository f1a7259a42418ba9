"""/designer/insight: the dashboard. Filters live in the URL, so a view can be bookmarked."""

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from designer.accounts import CurrentUser
from designer.archive.controller import filter_parameter, typed_dates
from designer.insight import charts
from designer.web import page
from runtime.archive.filters import parse_filter
from runtime.clock import utcnow
from runtime.errors import Invalid
from runtime.insight.metrics import default_range
from runtime.insight.service import dashboard, dashboard_filter, filter_options

STATUS_ROWS = [
    ("sent", "Sent"),
    ("viewed", "Viewed"),
    ("completed", "Completed"),
    ("declined", "Declined"),
    ("expired", "Expired"),
    ("voided", "Voided"),
    ("open", "Still open"),
]

#: the weekly trend's lines: (key in each week, the line's name)
TREND = [("sent", "Sent"), ("completed", "Completed")]

#: each filter's parameter -> the label beside its box, for the screen's messages
LABELS = {"template_id": "Template", "sender": "Sender", "from": "Sent from", "to": "to"}
#: each filter's parameter -> the id of its box, where its message stands and the summary links
INPUT_IDS = {
    "template_id": "f-template",
    "sender": "f-sender",
    "team": "f-team",
    "from": "f-from",
    "to": "f-to",
}


class InsightController(Controller):
    path = "/insight"
    include_in_schema = False

    @get("/")
    async def index(self, request: Request, current_user: CurrentUser) -> Template:
        org = current_user.organisation_id
        query = request.query_params
        options = await filter_options(org, query.get("sender", ""), query.get("team", ""))
        chosen = _chosen(request.query_params)
        try:
            f = dashboard_filter(
                parse_filter(request.query_params, LABELS, makers=True), utcnow().date()
            )
        except Invalid as exc:
            return page(
                "insight.html",
                current_user,
                status_code=400,
                nav="insight",
                error=exc.detail,
                error_field=INPUT_IDS.get(filter_parameter(exc), ""),
                options=options,
                f=None,
                params=dict(request.query_params),
                text_dates=typed_dates(request.query_params),
                chosen=chosen,
            )
        data = await dashboard(org, f)
        return page(
            "insight.html",
            current_user,
            nav="insight",
            error="",
            error_field="",
            options=options,
            f=f,
            params=f.as_params(),
            text_dates=[],
            chosen=chosen,
            **_view(data),
        )


def _chosen(query: Any) -> int:
    """How many filters were asked for ("Filters (n active)" on a phone): the form sends
    the dates it shows, and the default period (the last 12 weeks) is none of them."""
    start, end = default_range(utcnow().date())
    defaults = {"from": start.isoformat(), "to": end.isoformat()}
    given = {name: str(query.get(name) or "").strip() for name in INPUT_IDS}
    return sum(1 for name, value in given.items() if value and value != defaults.get(name))


def _view(data: dict[str, Any]) -> dict[str, Any]:
    summary = data["summary"]
    sent = summary["sent"]
    status_rows = [
        (
            label,
            summary[key],
            f"{summary[key]}" + (f" ({charts.percent(summary[key] / sent)})" if sent else ""),
        )
        for key, label in STATUS_ROWS
    ]
    funnels = [
        {
            **funnel,
            "desc": "; ".join(f"{s['label']}: {s['count']}" for s in funnel["stages"]) + ".",
            "chart": charts.bar_chart(
                [
                    (s["label"], s["count"], f"{s['count']} ({charts.percent(s['share'])})")
                    for s in funnel["stages"]
                ],
                label_width=280,
                plot=440,
            ),
        }
        for funnel in data["funnels"]
    ]
    return {
        "summary": summary,
        "rate": charts.percent(summary["completion_rate"]),
        "median": charts.duration(summary["median_seconds"]),
        "p90": charts.duration(summary["p90_seconds"]),
        "status_rows": status_rows,
        "status_chart": charts.bar_chart(status_rows),
        "weeks": data["weeks"],
        "trend": charts.line_chart(data["weeks"], TREND),
        # on a phone the 480-unit chart shrank its text to about 8 px: a narrower one
        "trend_phone": charts.line_chart(data["weeks"], TREND, width=320, labels=4),
        "funnels": funnels,
    }
