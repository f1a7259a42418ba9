"""Findings kept on the performance page (docs/performance.md) on every run: what
profiling the signer pages found and changed, and the crash-recovery tests. Hand-kept
prose, separate from report.py's page building."""

# What profiling the signer pages found (py-spy on `formseal serve` under wrk, and cProfile on
# in-process ASGI calls), and what was changed; kept here so the page says it every run.
SIGNER_PROFILE = [
    "## Where a signer request's time went, and what was changed",
    "",
    "Profiled with py-spy on a `formseal serve` under `wrk -c50` and with cProfile over "
    "in-process ASGI calls (SQLite). Before the changes a step page ran 5 queries and "
    "managed 37–80 requests/s:",
    "",
    "- **Piccolo's SQLite engine opened a connection, and aiosqlite a thread, for every "
    "query**: about half of the event loop's time went to `Thread.start`. Now "
    "`runtime/database.py` keeps connections per process: reads outside a transaction run "
    "on the event loop's own read-only connection (WAL readers never wait for writers; an "
    "indexed lookup costs ~50 µs, far less than a hop to a thread and back), writes and "
    "transactions use pooled aiosqlite connections, returned only after a clean COMMIT or "
    "ROLLBACK (`BEGIN IMMEDIATE` kept for write transactions).",
    "- **Piccolo rebuilt the SQL of every query in Python** (0.3 ms for a simple select, "
    "several ms for a join). The recipient, envelope and organisation now come from one "
    "join whose SQL is built once per engine (`PreparedSelect`).",
    "- The template version's definition was read and parsed on every request: versions "
    "are immutable, so each process keeps the parsed definition (256 at most).",
    "- The 'is it my turn' count ran even for first-stage recipients, who can have no one "
    "before them: skipped there.",
    "- Jinja checked every template file's modification time on each render (auto-reload): "
    "now only with `FORMSEAL_DEBUG`.",
    "- The rate-limit checks were plain functions, which Litestar runs in a worker thread: "
    "now coroutines.",
    "",
    "Second round (2026-11-27), measured as CPU time per request of the signer route and "
    "of the baseline route called alternately in one process (in-process ASGI calls, so the "
    "shared machine's load hits both alike) and with py-spy. Step page GET 1.43 → 1.20 ms, "
    "autosave POST 1.65 → 1.51 ms; the baseline's whole request is 0.15 ms:",
    "",
    "- **Every request line was logged twice**: Litestar's default logging configuration "
    "also hangs a queue handler on the root logger, so each `formseal.request` line went out "
    "a second time in Litestar's format and a listener thread woke for it and competed for "
    "the GIL (about a fifth of a step page's samples under py-spy). The app now passes "
    "`LoggingConfig(configure_root_logger=False)`; `runtime/logging_setup.py` gives our "
    "loggers their one handler.",
    "- The per-address rate-limit middleware on signer pages (Litestar's: a lock and a JSON "
    "encode and decode per request, ~10 %) is gone with the shared limits of #11, which "
    "count only failed link look-ups: a working link pays nothing.",
    "- Template `_()` went through three functions via Jinja's `Context.call` (the i18n "
    "extension's alias, its newstyle wrapper, the catalog); now one, with the same escaping "
    "(`tests/unit/test_i18n_jinja.py`). The language switcher's options come from one call "
    "cached per language instead of two template calls per language.",
    "- The visibility conditions ran twice per step page (for the steps, then for the "
    "fields); the fields are now kept from the first run while the answers are the same "
    "objects. Prometheus label lookups are kept per route.",
    "- The baseline page now has the same size as the step page, as the issue asks (5.2 KB "
    "with the same language switcher, hidden inputs and htmx attributes; it was 3.0 KB), and "
    "its autosave answer the same fragment; it still has no database, middleware, "
    "translations or macros.",
    "",
    "Third round (2026-11-27, later), measured the same way and, under wrk, as the served "
    "process's own CPU time per request (now a note of every run, below). In-process step "
    "page GET 1.0 → 0.77 ms, autosave POST 1.4–1.7 → 0.75 ms; served (SQLite) GET "
    "1.2–1.5 → 0.9 ms, autosave POST 1.8–2.6 → 1.1 ms. The baseline's autosave shrank "
    "with ours (it answers the same empty slots), to 0.18 ms served, so the POST ratio "
    "moved less than formseal's own figures:",
    "",
    "- **The autosave re-rendered every field, and the page threw that markup away**: "
    "signer.js keeps its own copy of each field the page shows (it holds what is being "
    "typed) and only takes new fields and computed values from the answer. The answer now "
    "has empty slots for the fields the browser names in `__shown`, and the field macros "
    "are not even imported when nothing needs them. The baseline's autosave answers the "
    "same way (the issue asks for a page of the same size), so its answers shrank too.",
    "- **A burst of autosaves opened a connection and a thread per write**: with 50 at "
    "once the SQLite pool (10) ran dry and each further write started an aiosqlite "
    "connection, its thread and a PRAGMA, then closed it. A query now waits up to 0.5 s "
    "for a returned connection, handed straight to the longest waiter (SQLite writes one "
    "at a time anyway); only then does it open its own.",
    "- **PostgreSQL sent a second statement after every query**: asyncpg's pool runs a "
    "reset query (advisory unlock, CLOSE ALL, UNLISTEN, RESET ALL) on each release; "
    "formseal sets no session state, so release now only rolls back a connection left in "
    "a transaction.",
    "- **The field macros were imported `with context`**, so Jinja built the whole macro "
    "module again on every render (~12 % of a step page under py-spy). The step imports "
    "them without context (one module per theme) and tells each macro about the page "
    "with a `page=` argument (the theme contract in docs/themes-and-brands.md).",
    "- `PreparedSelect` decodes its rows itself: which of the join's ~50 columns hold JSON "
    "is worked out once per engine, where Piccolo checked every column's type on each run "
    "(~190 `isinstance` calls per signer request). The label, error and aria-describedby "
    "pieces of each field are Python functions built with `escape()` and f-strings "
    "(`Markup.format` runs Python's string formatter) instead of three macro calls per "
    "field; `_()` without parameters skips Markup's `%`; pages say they are HTML instead "
    "of Litestar guessing from the file name on every response.",
    "",
    "Fourth round (2026-11-27, a faster machine: the third round's code measured in-process "
    "GET 0.48 ms and POST 0.50 ms there, the baseline 0.09 and 0.07 ms). Now in-process "
    "GET 0.35 ms, POST 0.43 ms; served, GET 0.58 → 0.45 ms on SQLite and 0.66 → 0.47 ms "
    "on PostgreSQL, POST 0.64 → 0.45–0.56 ms on PostgreSQL (on SQLite 0.62–0.67 ms, its "
    "write dominating, see below). The page's HTML is unchanged in every "
    "language (checked against the unfolded templates and the old field macros):",
    "",
    "- **Fixed translations are folded into the compiled pages**: pages are compiled once "
    'per language (`pages/signer/step.html#vi`) and `{{ _("Continue") }}` becomes the '
    "translated text at compile time (`runtime/i18n/folding.py`, about twenty calls per step "
    "page, ~8 %).",
    "- **Templates share the environment's globals dict**: Jinja wraps them in a ChainMap per "
    "template and every context (a page, each include and import) copied it key by key in "
    "Python (~10 %). Calls of macros and C functions (`values.get`) skip Jinja's "
    "`pass_context` probing, two failed attribute look-ups per call (`QuickContext`).",
    "- The step's slots are worked out in Python (`FieldSlot`: macro, value, error, lock) "
    "instead of a dozen template look-ups per field; the one-line inputs are one macro "
    "(`email`, `date`, `number`, `phone` name `text`), one macro call per field instead of "
    "two; the error summary is included only when there are errors.",
    "- The autosave's draft is stored with an UPDATE compiled once per engine "
    "(`PreparedUpdate`); the request log looks up no thread or process names; request ids "
    "come from `os.urandom`; the served process freezes its start-up objects out of the "
    "garbage collector's full passes (`gc.freeze()`, ~2 %).",
    "",
    "Fifth round (2026-11-28, in-process, `tests/perf/profile_signer.py`, each commit in "
    "its own worktree, measured alternately on one machine): the day's signer features "
    "(the two-window `__state` fingerprint, the document link, character counts, the "
    "offline and two-window texts, two more scripts) had made the step page GET ~25 % and "
    "the autosave ~20 % dearer than the fourth round's code (`c944ba9`: GET 0.53 ms, POST "
    "0.58 ms; `0ff7f0a`: 0.66–0.67 and 0.70–0.71 ms; `b1981f0`, the previous measurement, "
    "has the same signer code as `0ff7f0a`). Three changes, the HTML byte for byte the "
    "same (en, fr, vi; steps 1 and 2, both autosave answers): an autosave works out the "
    "step's fingerprint twice, not three times (the fields partial was given a copy it "
    "does not use); whether a step asks for a signature (its document link) is worked out "
    "in Python, not by a `selectattr | first` filter chain at every render; locked-prefill "
    "checks and the cleaning of typed values find fields in a per-request index "
    "(`SigningContext.fields_by_key`) instead of `Definition.field`, which walked every "
    "step for each of ~20 look-ups per autosave. Now GET 0.59–0.64 ms (ratio 0.18–0.19), "
    "POST 0.60 ms (0.14–0.15, the fourth round's level); function calls per request GET "
    "3,302 → 3,224, POST 1,877 → 1,696. Left in the GET: ~126 `escape()` calls per page "
    "(markupsafe's Python wrapper and a `Markup` object each, ~12 % under cProfile), 15 "
    "of them in the language menu's five options, the same for every page in a language.",
    "",
    "Sixth round (2026-11-29; in-process with `tests/perf/profile_signer.py`, and `make "
    "bench`'s HTTP rows, run four times alternating with the previous code on the "
    "shared machine, load average 2–4). **The request pipeline is one pass**: one ASGI "
    "wrapper (`runtime/web/metrics.py: ObserveRequests`) gives each request its id, the "
    "security headers, the metrics and its log line, where two wrappers did; the request's "
    "log record is handed to the handler without the logging module's look-up of the "
    "calling source line (no format of ours shows it), and the text line is put together "
    "directly, its date and time formatted once per second. The headers (names, values, "
    "order), the log fields and text and the metrics are the same. `GET /healthz` "
    "in-process 73–77 → 62–65 µs, of which Litestar without our wrapper is 32–36 µs: the "
    "wrapper went from ~40 to ~30 µs, two thirds of it still the log line (a `LogRecord`, "
    "the handler's lock, a write to stderr per request). **Autoescaped output without a "
    "`Markup` object**: each `{{ expression }}` is escaped by markupsafe's C function "
    "directly (`runtime/themes.py: QuickTemplate`), not through its Python `escape()` and "
    "a `Markup` per expression (~130 per step page); Jinja joins the pieces and makes the "
    "page, block or macro text `Markup` as a whole, as before, so the HTML is byte for "
    "byte the same. In-process step page GET 0.69 → 0.60–0.69 ms (ratio 0.19 → "
    "0.21–0.22); the autosave POST, ~1.0 ms, did not move measurably (it renders little). "
    "Served, four runs of the HTTP rows on each side, alternating (the autosave rows of "
    "the first two were not valid, see below), CPU per request: `/healthz` 0.17–0.21 → "
    "0.13–0.17 ms; step page GET on SQLite 1.13–1.24 → 0.92–1.07 ms (requests/s ratio "
    "0.15–0.23 → 0.23–0.35); on PostgreSQL 1.05–1.39 → 0.89–1.18 ms (0.12–0.24 → "
    "0.13–0.35, its server shared with the test suites that ran beside); autosave on "
    "SQLite 1.77–1.79 → 1.69–1.74 ms, on PostgreSQL 1.36 → 1.16–1.25 ms (ratios "
    "0.12–0.14 → 0.12–0.15 and 0.15–0.17 → 0.14–0.20: within the noise).",
    "",
    "**The HTTP autosave load goes to 100 signers in turn since 2026-11-29**: the "
    "autosave became a compare-and-set on the recipient's draft (decision 0005), and with "
    "the benchmark's 50 connections all autosaving one signer most found the draft just "
    "written and, after their retries, answered 409 ('These answers are being saved from "
    "somewhere else at this moment'): 2,000–2,500 errors in 10 s, 0.06 of the baseline, "
    "and the check after the load failed the whole HTTP benchmark. A signer's browser "
    "sends one autosave at a time; the load now spreads its autosaves over 100 demo "
    "signers (`tests/perf/demo_signers.py`), each write still a compare-and-set.",
    "",
    "**Why the 0.5 goal is out of reach with this design.** `GET /healthz` (a constant "
    "answer through the same request pipeline: request id, log line, metrics, security "
    "headers) costs the served process 0.09–0.36 ms per request, seven tenths or more of "
    "what the baseline's whole page costs (0.13–0.51 ms; figures from the three "
    "machines of 2026-11-28, the slowest measured last, the note below has this run's). "
    "Most of that is uvicorn and Litestar, which the baseline pays too: in-process our "
    "own wrapper (request id, headers, metrics, log line) is ~30 µs of `/healthz`'s "
    "~63 µs (2026-11-29), and without it at all the step page's ratio would move by "
    "about 0.01. Half the baseline's "
    "throughput therefore leaves about 0.17–0.66 ms for everything a signer request does "
    "besides the pipeline, where it spends 0.45–1.45 ms: the indexed three-table read of the "
    "recipient (~0.05 ms with its row decoding on SQLite, a network round trip on "
    "PostgreSQL), the identity and consent gates, the visibility conditions, and rendering "
    "a 5 KB translated page through the theme's layout, includes and field macros (the "
    "baseline renders its page, without translations, includes or macros, in ~0.05 ms). "
    "What is left in a step page GET (in-process 0.35 ms): rendering ~0.15 ms (~100 "
    "autoescaped expressions, each a `Markup` object until the sixth round; the layout "
    "chain; a macro per field), loading the signer ~0.10 ms, the step's context "
    "~0.03 ms, the middleware (request id, log line, metrics, security headers) "
    "~0.04 ms (~0.03 ms since the sixth round), Litestar's routing, arguments and "
    "sending ~0.03 ms. "
    "Closing the gap would mean dropping the request log, the metrics or the security "
    "headers from signer pages, or rendering the step without Jinja, against the design "
    "(DESIGN.md: a component's form markup is a macro in themes/). The autosave POST on "
    "SQLite also pays for its write in a connection thread (aiosqlite) with the WAL synced "
    "at every commit (`synchronous=FULL`, kept: an answer the server acknowledged must "
    "survive a power cut).",
    "",
    "**The p99 of the step page GET (hundreds of ms where p50 is ~45 ms) is waiting, "
    "not work** (measured 2026-11-27 on a served SQLite instance under `wrk -c50`): "
    "the request log's own durations for the same run have p50 0.9 ms, p99 6 ms and "
    "max 128 ms, and a py-spy timeline of the served process shows no stretch longer "
    "than ~30 ms on the event loop (no garbage-collection pause, no blocking read, "
    "the job worker off or on alike). The time is spent before a request is handled: "
    "with the process saturated, uvicorn's event loop reads some connections later "
    "than others. `/healthz` through the same pipeline answers 6,200 requests/s with "
    "p99 24 ms, so the tail comes with the step page's own per-request cost.",
    "",
    "The baseline page grew with the step page on 2026-11-28 (6,011 against 6,091 bytes): "
    "the step page now carries the two-window answers state (`__state`), the offline, "
    "two-window and character-count texts, the decline link and two more scripts "
    "(`signer-windows.js`, `signer-uploads.js`), and the baseline carries the same markup as "
    "static text. The day's "
    "signer features (two windows, offline Continue, seal states) left the signer's own "
    "CPU per request where it was (in-process GET 0.41–0.44 ms, POST 0.43–0.45 ms on this "
    "machine, `tests/perf/profile_signer.py`).",
    "",
    "What a signer's browser asks for besides the page (not in these rows): the stylesheet "
    "and three scripts. Until 2026-11-27 each was asked for again on every page (no "
    "`Cache-Control`, no 304) and each answer to a signer, who has no cookie, minted a "
    "CSRF cookie: 1.08 ms of CPU per file in-process (Litestar's static files router), "
    "twice a step page's own cost. Now pages link them with their content hash "
    "(`/static/signer.js?v=…`) and they are kept for a year; other static answers "
    "revalidate with an ETag and get 304, and no static answer sets a cookie. A file now "
    "costs 0.075 ms, a 304 0.066 ms: they are kept in memory, text files also "
    "gzip-compressed (a first visit loads 30 KB of them instead of 99 KB; "
    "`runtime/web/assets.py`). "
    "`/healthz` went from 0.11 to 0.05 ms once its cookie went (bare Litestar answers it "
    "in 0.02 ms).",
    "",
]

CRASH_TESTS = [
    "## Crash recovery (in the test suite, not timed here)",
    "",
    "- `tests/integration/test_crash_autosave.py`: ten signers autosave as fast as they can; "
    "the server gets SIGKILL; after a restart every signer's step shows the last value the "
    "server acknowledged (or the one in flight), and SQLite's integrity check passes.",
    "- `tests/integration/test_crash_sealing.py`: SIGKILL while the seal job runs; after a "
    "restart the job runs again: one sealed file, one `envelope.completed` and one "
    "`envelope.sealed` event, an intact audit chain.",
    "- `tests/integration/test_crash_bulk_send.py`: SIGKILL in the middle of a bulk send; "
    "after a restart every row has exactly one envelope.",
    "- `tests/integration/test_crash_database_outage.py`: PostgreSQL reached through a TCP "
    "proxy the test cuts for 2.5 s under load: every answer is a 503 (problem details for "
    "`/api`, an HTML page for people, `/readyz` says unavailable), never a 500; afterwards "
    "everything answers again and every acknowledged autosave is there.",
    "",
]
