"""ASGI entry point for uvicorn: `runtime.asgi:app`."""

from runtime.app import create_app

app = create_app()
