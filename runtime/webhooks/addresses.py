"""Where webhooks may go: the shape of an endpoint's URL, and its address held to the
public-addresses rule (runtime/outbound.py) with FORMSEAL_WEBHOOK_ALLOWED_HOSTS."""

from urllib.parse import urlsplit

from runtime.errors import Invalid
from runtime.outbound import Target, Unresolvable, pin

__all__ = ["Target", "Unresolvable", "check_url", "resolve"]

SETTING = "FORMSEAL_WEBHOOK_ALLOWED_HOSTS"


def check_url(url: str) -> None:
    """Shape checks when an endpoint is saved (addresses are checked again at every delivery)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid("The webhook URL must start with https:// (or http://) and name a host.")
    if parts.username or parts.password:
        raise Invalid("The webhook URL must not contain a user name or password.")
    if len(url) > 2000:
        raise Invalid("The webhook URL must be 2,000 characters or fewer.")


def resolve(url: str, allowed_hosts: str) -> Target:
    """The URL pinned to a permitted address; raises Invalid for internal destinations."""
    check_url(url)
    return pin(url, allowed_hosts, SETTING)
