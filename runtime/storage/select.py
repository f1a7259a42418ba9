"""Choosing the backend from the settings; one instance per configuration and process."""

from functools import lru_cache
from pathlib import Path

from runtime.settings import Settings
from runtime.storage.base import Storage
from runtime.storage.local import LocalStorage
from runtime.storage.s3 import S3Location, S3Storage


def storage_for(settings: Settings) -> Storage:
    """The local folder `settings.files_dir`, or the bucket named by FORMSEAL_STORAGE_URL."""
    return _cached(
        settings.storage_url,
        settings.files_dir,
        settings.s3_access_key_id,
        settings.s3_secret_access_key,
        settings.s3_region,
    )


@lru_cache(maxsize=16)
def _cached(url: str, files_dir: Path, key_id: str, secret: str, region: str) -> Storage:
    # An S3 client takes ~100 ms to build and is thread-safe: build it once.
    if not url:
        return LocalStorage(files_dir)
    return S3Storage(
        S3Location.parse(url), access_key_id=key_id, secret_access_key=secret, region=region
    )
