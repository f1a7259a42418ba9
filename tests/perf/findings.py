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
    "What remains (step page GET, in-process ~0.77 ms against the baseline's 0.12 ms; "
    "served 0.9 ms against 0.21 ms, so the goal needs about 0.42 ms): "
    "rendering the page ~0.35 ms (the layout chain step → signer layout → layout with "
    "four includes, each copying the context; a macro per field, ~30 µs of Jinja's macro "
    "machinery each; ~130 autoescaped expressions and ~20 `_()` calls), loading the "
    "signer ~0.15 ms (on PostgreSQL a network round trip more), logging the request line "
    "~0.08 ms, Litestar's routing, dependency injection and the CSRF, security and "
    "metrics middleware the rest; served, the process spends ~0.3 ms more per request "
    "than in-process (sending through the middleware's wrappers, the log file). The 0.5 "
    "goal needs the page rendered with far fewer template "
    "calls (field markup compiled once per template version and language, or written in "
    "Python), which would change the theme contract for `partials/_fields.html`, and a "
    "lighter request pipeline. The autosave POST (in-process ~0.75 ms against 0.09 ms) "
    "spends about a quarter each loading the signer, storing the draft (Piccolo builds the "
    "UPDATE's SQL on every call; conditions evaluated again on the new draft) and "
    "rendering the caption and slots, the rest in Litestar (form parsing, middleware). "
    "That is the next step for issue #10.",
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
