"""What FORMSEAL_DATABASE_URL must hold, checked when the settings are read, so that a
mistyped URL stops every command with one line saying what to change.

Without these checks a URL with no database name connected to PostgreSQL's default
database (named after the user) and `formseal migrate` filled that one, and a port that is
not a number stopped every command with a traceback. The messages never repeat the URL:
a password with an unencoded `/` or `@` in it is read as the host or port.
"""

from urllib.parse import parse_qs, urlsplit

EXAMPLE = "postgresql://formseal:<password>@127.0.0.1:5432/formseal"


def database_url_problem(url: str) -> str | None:
    """One line saying what is wrong with `url`, or None when it can be used (empty: SQLite)."""
    if not url:
        return None
    if not url.startswith(("postgres://", "postgresql://")):
        # anything else used to fall back to SQLite in var/ without a word
        scheme = url.split(":", 1)[0]
        return (
            "FORMSEAL_DATABASE_URL must start with postgresql:// (or be empty for SQLite in "
            f"FORMSEAL_VAR_DIR), not {scheme}:"
        )
    parts = urlsplit(url)
    if any(not _port_ok(port) for port in ports(parts.netloc)):
        return (
            "FORMSEAL_DATABASE_URL has a port that is not a number from 1 to 65535: write it as "
            f"{EXAMPLE}, with @, : and / in the password percent-encoded (%40, %3A, %2F)."
        )
    query = parse_qs(parts.query)
    if not parts.path.strip("/") and not ({"dbname", "database"} & query.keys()):
        return (
            "FORMSEAL_DATABASE_URL names no database: end it with /<database>, as in "
            f"{EXAMPLE} (without one, PostgreSQL would use the database named after the user)."
        )
    return None


def ports(netloc: str) -> list[str]:
    """The port of each host in `user:password@host:port[,host2:port2]` ("" where none is
    given): libpq and asyncpg take several hosts, which urlsplit's `port` cannot read."""
    found = []
    for host in netloc.rpartition("@")[2].split(","):
        address = host.rpartition("]")[2] if host.startswith("[") else host  # [::1]:5432
        found.append(address.rpartition(":")[2] if ":" in address else "")
    return found


def _port_ok(port: str) -> bool:
    return not port or (port.isdigit() and 1 <= int(port) <= 65535)
