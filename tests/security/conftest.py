"""Hostile-input suite: the shared integration and designer fixtures, plus a connection
recorder (a listening socket that writes down every connection made to it)."""

from tests.integration.conftest import (  # noqa: F401 (pytest fixtures)
    client,
    mail_client,
    mail_settings,
    mailbox,
    org,
    session_mailbox,
)
from tests.integration.designer.conftest import author, signed_in  # noqa: F401
from tests.integration.embed_helpers import embedding  # noqa: F401
from tests.unit.helpers import listener  # noqa: F401
