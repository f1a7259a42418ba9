"""The designer's fixtures (a signed-in admin in a fresh organisation) for the stamp tests."""

from tests.integration.designer.conftest import author, fresh_login_attempts

__all__ = ["author", "fresh_login_attempts"]
