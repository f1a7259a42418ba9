"""Sealing time: `seal_document` against bare WeasyPrint on the same document HTML.

Documents:
- the sample contract (runtime/sealing/sample.py: Latin, Vietnamese and Chinese text, a
  fields table, a drawn PNG and a typed signature);
- a 20-page, 200-field document built from the same kinds of blocks.

The baseline is `HTML(string=html, base_url=<theme>).write_pdf()` on exactly the HTML that
`build_document_html` gives, with WeasyPrint's own URL fetcher and default font set-up.
`seal_document` does more than that (audit page, answers attachment, PAdES signature): the
ratio is what the whole seal costs over rendering the pages alone. Runs alternate, seal then
baseline, after one warm-up of each.

Times are CPU seconds of the benchmark process (`time.process_time`): the machine is shared
with other engineers' test suites, and wall times there measure the load more than the code
(at a load average of 12 on 2 cores a 1.5 s render takes 9 s). Wall times are shown beside
them, with the load average; the fastest wall time is the closest to an idle machine.

Run alone: python -m tests.perf.bench_seal --workdir DIR [--quick] [--out FILE]
"""

from __future__ import annotations

import base64
import logging
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from tests.perf.common import (
    BenchOutput,
    Row,
    bench_main,
    fmt_ms,
    loadavg,
    median_ms,
)

GOAL = 1.3  # sealing may cost at most 30 % more than rendering the document alone
GOAL_BIG_SECONDS = 5.0  # the 20-page, 200-field document seals in under 5 s
SECTIONS = 20
FIELDS_PER_SECTION = 10

CLAUSES = [
    "<p>The Provider will deliver the services described in the order form with reasonable "
    "skill and care, and will tell the Customer in writing of any change to them. Each party "
    "keeps the other's confidential information secret and uses it only for this agreement.</p>",
    "<p>Bên cung cấp dịch vụ cam kết thực hiện đúng các điều khoản đã thỏa thuận, bảo mật "
    "thông tin của khách hàng và thông báo kịp thời mọi thay đổi liên quan đến dịch vụ.</p>",
    "<p>服务提供方应按照本协议的条款提供服务，对客户信息严格保密，并及时书面通知客户"
    "与服务有关的任何变更。双方应本着诚实信用的原则履行本协议。</p>",
]


class _Warnings(logging.Handler):
    """Collect WeasyPrint warnings (a missing font or subsetter shows up here only)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().splitlines()[0][:200]
        if message not in self.messages:
            self.messages.append(message)


def demo_seal_input():  # type: ignore[no-untyped-def]
    """The demo service agreement, built like the seal job does (definition + answers)."""
    from datetime import UTC, datetime

    from components import parse_definition
    from runtime.demo import SERVICE_AGREEMENT
    from runtime.envelopes.document import build_blocks
    from runtime.sealing.sample import sample_seal_input, signature_png

    definition = parse_definition(SERVICE_AGREEMENT.read_bytes())
    png = "data:image/png;base64," + base64.b64encode(signature_png()).decode()
    answers = {
        "full_name": "Nguyễn Thị Minh Khai",
        "email": "khai@example.vn",
        "company": "北京星辰科技有限公司",
        "start_date": "2027-03-01",
        "notes": "Xin gửi hóa đơn qua email. 请通过电子邮件发送发票。",
        "accept_terms": True,
        "signature": {"kind": "drawn", "image": png},
    }
    recipients = [
        {
            "role": "customer",
            "name": "Nguyễn Thị Minh Khai",
            "completed_at": datetime(2026, 11, 23, 14, 5, 12, tzinfo=UTC),
        }
    ]
    sample = sample_seal_input()
    return replace(
        sample,
        template_name=definition.name,
        language=definition.language,
        blocks=build_blocks(definition, answers, recipients),
        recipients=sample.recipients[:1],
        answers=answers,
        organisation_name="Northwind Services Ltd",
    )


def big_seal_input():  # type: ignore[no-untyped-def]
    """20 numbered sections, each a page: heading, three clauses, a table of ten fields."""
    from runtime.sealing.sample import sample_seal_input

    sample = sample_seal_input()
    blocks: list[dict] = [
        {"kind": "heading", "text": "Framework agreement — Hợp đồng khung — 框架协议", "level": 1}
    ]
    answers: dict[str, str] = {}
    for s in range(1, SECTIONS + 1):
        blocks.append({"kind": "heading", "text": f"Schedule {s}", "level": 2})
        blocks += [{"kind": "paragraph", "html": clause} for clause in CLAUSES]
        rows = []
        for f in range(1, FIELDS_PER_SECTION + 1):
            key = f"s{s:02d}_f{f:02d}"
            value = ["Nguyễn Thị Minh Khai", "北京市朝阳区建国路 88 号", f"2027-03-{f:02d}"][f % 3]
            answers[key] = value
            rows.append({"label": f"Field {s}.{f} ({key})", "value": value})
        blocks.append({"kind": "fields", "rows": rows})
        if s < SECTIONS:
            blocks.append({"kind": "page_break"})
    blocks += [b for b in sample.blocks if b["kind"] == "signature"]
    return replace(
        sample, template_name="Framework agreement (20 schedules)", blocks=blocks, answers=answers
    )


def _time(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


def measure(name: str, seal_input, runs: int, budget: float, keys_dir: Path) -> dict:  # type: ignore[no-untyped-def]
    from weasyprint import HTML

    from runtime.sealing import SEAL_STAGES, seal_document
    from runtime.sealing.document import build_document_html
    from runtime.settings import ROOT

    themes_dir = ROOT / "themes"
    assets = themes_dir / "default"
    base_url = assets.resolve().as_uri() + "/"
    html = build_document_html(seal_input, themes_dir=themes_dir)
    stages: dict[str, list[float]] = {k: [] for k in SEAL_STAGES}

    def seal() -> bytes:
        timings: dict[str, float] = {}
        pdf = seal_document(seal_input, keys_dir=keys_dir, themes_dir=themes_dir, timings=timings)
        for key in stages:
            stages[key].append(timings.get(key, 0.0))
        return pdf.pdf

    def bare() -> bytes:
        return HTML(string=html, base_url=base_url).write_pdf()

    started = time.monotonic()
    sealed, plain = seal(), bare()  # warm-up: keys, fonts, caches
    for values in stages.values():
        values.clear()
    seal_wall: list[float] = []
    seal_cpu: list[float] = []
    bare_wall: list[float] = []
    bare_cpu: list[float] = []
    while len(seal_wall) < runs and (not seal_wall or time.monotonic() - started < budget):
        for fn, wall, cpu in ((seal, seal_wall, seal_cpu), (bare, bare_wall, bare_cpu)):
            w, c = _time(fn)
            wall.append(w)
            cpu.append(c)
    return {
        "name": name,
        "runs": len(seal_wall),
        "seal_ms": median_ms(seal_cpu),
        "seal_wall_ms": median_ms(seal_wall),
        "seal_min_wall_ms": min(seal_wall) * 1000,
        "bare_ms": median_ms(bare_cpu),
        "bare_wall_ms": median_ms(bare_wall),
        "bare_min_wall_ms": min(bare_wall) * 1000,
        "pages_sealed": _pages(sealed),
        "pages_bare": _pages(plain),
        "sealed_kib": len(sealed) / 1024,
        "bare_kib": len(plain) / 1024,
        "html_kib": len(html.encode()) / 1024,
        "fields": sum(len(b.get("rows", [])) for b in seal_input.blocks),
        "stages_ms": {k: statistics.median(v) * 1000 for k, v in stages.items()},
        "load": loadavg(),
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _key_kind(keys_dir: Path) -> str:
    from runtime.sealing.pipeline import _identity

    try:
        key = _identity(keys_dir, "Acme Ltd").seal_cert.public_key
    except Exception:
        return "key type unknown"
    if key.algorithm == "ec":
        return f"ECDSA {key.curve[1]}"
    return f"{key.algorithm.upper()}-{key.bit_size}"


def _font_notes() -> list[str]:
    notes = []
    if shutil.which("fc-list"):
        done = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20
        )
        families = sorted({line.split(",")[0] for line in done.stdout.splitlines() if line})
        notes.append(
            "Chinese fonts found by fontconfig: "
            + (", ".join(families[:3]) if families else "NONE (install fonts-noto-cjk)")
            + "."
        )
    return notes


def run(workdir: Path, quick: bool) -> BenchOutput:
    from runtime.sealing.sample import sample_seal_input

    started_load = loadavg()
    warnings = _Warnings()
    logging.getLogger("weasyprint").addHandler(warnings)
    keys_dir = workdir / "keys"
    documents = [
        ("seal_demo", "demo service agreement", demo_seal_input, 3 if quick else 11, 45.0),
        ("seal_contract", "sample contract, vi + zh", sample_seal_input, 3 if quick else 11, 45.0),
        ("seal_20_pages", "20-page, 200-field document", big_seal_input, 1 if quick else 5, 120.0),
    ]
    out = BenchOutput()
    results = []
    for key, label, make_input, runs, budget in documents:
        try:
            r = measure(label, make_input(), runs, 15.0 if quick else budget, keys_dir)
        except Exception as exc:  # one broken document must not hide the others' figures
            out.rows.append(Row(key, f"Seal the {label}", f"FAILED: {exc!r}"[:300], "—"))
            continue
        results.append(r)
        ratio = r["seal_ms"] / r["bare_ms"]
        out.rows.append(
            Row(
                key=key,
                name=f"Seal the {label} ({_plural(r['pages_bare'], 'page')} + audit page, "
                f"{_plural(r['fields'], 'field')}) with `seal_document`, CPU time",
                formseal=f"{fmt_ms(r['seal_ms'])} median of {r['runs']} "
                f"(wall {fmt_ms(r['seal_wall_ms'])}, min {fmt_ms(r['seal_min_wall_ms'])})",
                baseline=f"{fmt_ms(r['bare_ms'])} median "
                f"(wall {fmt_ms(r['bare_wall_ms'])}, min {fmt_ms(r['bare_min_wall_ms'])})",
                ratio=ratio,
                goal=f"≤ {GOAL}",
                met=ratio <= GOAL,
                data=r,
            )
        )
        if key == "seal_20_pages":
            seconds = r["seal_ms"] / 1000
            out.rows.append(
                Row(
                    key="seal_20_pages_time",
                    name=f"Seal the {label} in under {GOAL_BIG_SECONDS:.0f} s",
                    formseal=f"{seconds:.2f} s CPU median (wall median "
                    f"{r['seal_wall_ms'] / 1000:.2f} s, fastest {r['seal_min_wall_ms'] / 1000:.2f} s"
                    f" at load average {r['load'].split()[0]})",
                    baseline="—",
                    goal=f"< {GOAL_BIG_SECONDS:.0f} s",
                    met=seconds < GOAL_BIG_SECONDS,
                    data={"seconds": seconds},
                )
            )
    if results:
        out.sections.append(_stage_table(results))
    out.notes.append(
        f"Sealing rows: measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit "
        f"`{_commit()}`, load average {started_load} before and {loadavg()} after; "
        "times are CPU time of the benchmark process (`time.process_time`), wall times beside "
        "them, because the shared machine's load stretches wall times several-fold."
    )
    out.notes.append(
        "Sealing: in-process, one thread, WeasyPrint's font configuration kept per thread as "
        "the worker does; the sealing key is the instance's own one, generated on first use "
        f"({_key_kind(keys_dir)}), no timestamp. Ratio = `seal_document` median ÷ bare "
        "WeasyPrint median on the document HTML (CPU time). Sizes: "
        + "; ".join(
            f"{r['name']}: document HTML {r['html_kib']:.0f} KiB, sealed PDF "
            f"{r['sealed_kib']:,.0f} KiB, {r['pages_sealed']} pages"
            for r in results
        )
        + "."
    )
    out.notes += _font_notes()
    png = sample_seal_input().blocks[-2]["image"]
    out.notes.append(
        f"The drawn signature is a {len(base64.b64decode(png.split(',', 1)[1])):,}-byte PNG "
        "(runtime/sealing/sample.py)."
    )
    if warnings.messages:
        out.notes.append("WeasyPrint warnings: " + " | ".join(warnings.messages[:5]))
    return out


# What profiling the seal found (cProfile, per-stage CPU time), kept here so every run says it.
WHAT_WAS_FOUND = [
    "What profiling found (cProfile and the CPU times above, 2026-11-27): the misses of the "
    "04:03 run (vi + zh 1.36; 20 pages in 10.2 s wall beside 9.2 s for bare WeasyPrint) were "
    "the shared machine's load: for the 20 pages entirely, for one page partly (see below). At a load average of 12 on 2 cores every wall "
    "time is stretched about six-fold, and unevenly between a seal and its baseline measured "
    "a second apart; the same 20-page seal took 1.2 s wall (0.94 s CPU) on the idle machine "
    "that morning, bare WeasyPrint 1.5 s. The benchmark now times CPU, and `seal_document` "
    "reports its own stages (`timings=`), so the table above is the real pipeline and not a "
    "re-enactment of it. Nothing in the 20 pages is slow in itself: WeasyPrint's cascade and "
    "line layout of each element, then font subsetting when writing, as in the baseline.",
    "",
    "Already in place from earlier work: the document, attachments and certificate written "
    "in **one** WeasyPrint pass with answers.json and XMP (no pypdf pass); pdf.css parsed and "
    "the font configuration built once per worker thread (the baseline does both on every "
    "render, which is why a 20-page seal can cost less CPU than its baseline); "
    "`table-layout: fixed` for the answer tables; the QR code as a 1-bit PNG; the signature "
    "size measured once per key. What a seal adds over the baseline is the certificate's "
    "layout (a page of tables: ~45 ms), subsetting the fonts only the certificate uses, and "
    "the PAdES signature (~17 ms, mostly asn1crypto building the CMS structure).",
    "",
    "Considered and left: laying the certificate out in the same HTML as the document. It "
    "needs the document's page count and has its own page numbering, and signer attachments "
    "sit between the two, and one layout of both measured only 2-4 ms less CPU than two: "
    "WeasyPrint's time goes to each element's style and lines, not to a document's set-up. "
    "Nor is there a cheap cut left in the certificate: without `table-layout: fixed` its "
    "tables cost twice as much, the QR code ~1 ms, the monospace font for hashes a few ms "
    "when writing. For one-page documents the ratio therefore sits at the 1.3 budget and "
    "lands on either side of it from run to run on this shared machine, where even CPU "
    "times drift by 10-20 % under load; for the 20-page document it is 1.0-1.1.",
]


def _stage_table(results: list[dict]) -> str:
    stages = list(results[0]["stages_ms"])
    lines = [
        "### Where a seal's time goes (CPU time, median of the measured runs)",
        "",
        "| stage | " + " | ".join(r["name"] for r in results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    for stage in stages:
        lines.append(
            f"| {stage} | " + " | ".join(fmt_ms(r["stages_ms"][stage]) for r in results) + " |"
        )
    lines.append(
        "| **bare WeasyPrint, same HTML** | "
        + " | ".join(fmt_ms(r["bare_ms"]) for r in results)
        + " |"
    )
    lines.append(
        "| sealed PDF size | " + " | ".join(f"{r['sealed_kib']:,.0f} KiB" for r in results) + " |"
    )
    lines.append(
        "| bare PDF size | " + " | ".join(f"{r['bare_kib']:,.0f} KiB" for r in results) + " |"
    )
    lines += [
        "",
        "Stages of `seal_document` itself (timed inside it, `timings=`): “document html” is "
        "the content hash and the Jinja template, “document layout” and “certificate” are "
        "WeasyPrint laying out the pages (our URL fetcher, the per-thread font configuration "
        "and parsed pdf.css), “attachments” lays out signers' image attachments (none here), "
        "“write pdf” is one WeasyPrint pass writing every page with answers.json, metadata and "
        "XMP (font subsetting is most of it), “sign” is the pyHanko PAdES certification.",
        "",
        *WHAT_WAS_FOUND,
    ]
    return "\n".join(lines)


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=20
    )
    return done.stdout.strip() or "unknown"


def main() -> None:
    bench_main(__doc__, "bench-seal-", "Sealing benchmark", run)


if __name__ == "__main__":
    main()
