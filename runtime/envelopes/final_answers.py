"""The answers a document shows: what was stored, with every computed value worked out again.

A computed value ("Monthly repayment GBP 500.00") is what the signer saw on Check your
answers, so it belongs in what they sign: in the answer tables, in merge fields and in
answers.json. It is worked out by the evaluator the signer pages use
(components.visibility.resolve), from the final answers, never taken on trust from storage.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from components import Definition
from components.computed import computed_fields
from components.visibility import resolve


def final_answers(
    definition: Definition, answers: Mapping[str, Any], *, today: dt.date | None = None
) -> dict[str, Any]:
    """`answers` with each visible computed field's value computed afresh (and a computed
    value that no longer applies dropped). `today` is the day `age` and `date_diff` count
    to (None: today)."""
    computed = {f.key for f in computed_fields(definition)}
    if not computed:
        return dict(answers)
    data = resolve(definition, answers, today=today).data
    kept = {k: v for k, v in answers.items() if k not in computed}
    kept.update({k: data[k] for k in computed if data.get(k) is not None})
    return kept


def signing_day(recipients: Iterable[Mapping[str, Any]]) -> dt.date | None:
    """The day the last recipient finished: the day the final answers were computed on (a
    stored value is worked out at each submit), so a seal, made later or made again, shows
    the same values. None while nobody has finished (a draft: today)."""
    times = [r["completed_at"] for r in recipients if r.get("completed_at")]
    if not times:
        return None
    last = max(times)
    # the signer pages count with the server's local date (date.today())
    return last.astimezone().date() if isinstance(last, dt.datetime) else None
