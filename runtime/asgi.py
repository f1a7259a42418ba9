"""ASGI entry point for uvicorn: `runtime.asgi:app`."""

import gc

from runtime.app import create_app

app = create_app()

# Everything loaded so far (modules, the app, its routes) lives as long as the process: keep
# it out of the cyclic garbage collector's full passes, which otherwise walk all of it while
# requests wait (Python's documented use of gc.freeze for long-running servers).
gc.collect()
gc.freeze()
