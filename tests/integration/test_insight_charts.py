"""Chart geometry and the funnel, without a database (pure functions, milliseconds)."""

from designer.insight.charts import bar_chart, duration, line_chart, percent
from runtime.insight.funnel import build_funnels
from tests.perf.gen_archive import demo_definition


def test_bars_scale_to_the_largest_value_and_keep_zero_at_zero() -> None:
    chart = bar_chart([("Sent", 200, "200"), ("Completed", 50, "50"), ("Voided", 0, "0")])
    widths = [b.width for b in chart.bars]
    assert widths[0] == chart.plot_width and widths[1] == chart.plot_width / 4 and widths[2] == 0
    assert [b.y for b in chart.bars] == sorted(b.y for b in chart.bars)


def test_lines_put_the_highest_week_at_or_below_the_top_tick() -> None:
    weeks = [
        {"week": "2026-11-02", "sent": 3, "completed": 0},
        {"week": "2026-11-09", "sent": 17, "completed": 9},
        {"week": "2026-11-16", "sent": 8, "completed": 11},
    ]
    chart = line_chart(weeks, [("sent", "Sent"), ("completed", "Completed")])
    top_y, top_value = min(chart.y_ticks)
    assert top_value >= 17
    sent = chart.series[0].marks
    assert [v for _, _, v in sent] == [3, 17, 8]
    assert min(y for _, y, _ in sent) >= top_y  # nothing drawn above the axis
    assert chart.series[1].dashed and not chart.series[0].dashed
    assert [label for _, label in chart.x_labels][0] == "02 Nov"


def test_durations_and_shares_read_like_people_write_them() -> None:
    assert duration(None) == "—"
    assert duration(20) == "20 s"
    assert duration(5 * 60 + 10) == "5 min"
    assert duration(2 * 3600 + 5 * 60) == "2 h 5 min"
    assert duration(3 * 86400 + 4 * 3600) == "3 days 4 h"
    assert percent(None) == "—" and percent(0.555) == "56 %"


def test_funnel_counts_signers_reaching_each_step_with_section_titles() -> None:
    from components import parse_definition

    definition = parse_definition(demo_definition())
    groups = [
        {"role": "customer", "steps": 0, "status": "notified", "opened": False, "n": 4},
        {"role": "customer", "steps": 0, "status": "viewed", "opened": True, "n": 3},
        {"role": "customer", "steps": 1, "status": "viewed", "opened": True, "n": 2},
        {"role": "customer", "steps": 2, "status": "completed", "opened": True, "n": 10},
        {"role": "customer", "steps": 1, "status": "declined", "opened": True, "n": 1},
    ]
    [funnel] = build_funnels(groups, definition)
    stages = [(s["label"], s["count"], s["stopped"]) for s in funnel["stages"]]
    titles = [s.title for s in definition.sections_for("customer")]
    assert stages == [
        ("Invited", 20, 0),
        ("Opened the link", 16, 4),
        (f"Finished step 1 — {titles[0]}", 13, 3),
        (f"Finished step 2 — {titles[1]}", 10, 3),
        ("Signed", 10, 0),
    ]
    assert funnel["declined"] == 1
    [anonymous] = build_funnels(groups, None)
    assert [s["label"] for s in anonymous["stages"]][2] == "Finished step 1"
