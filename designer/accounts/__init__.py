"""Author accounts: users, passwords, sessions and the login guard other screens reuse.

Use `requires_login` as a guard and `current_user` (a `CurrentUser`) as a dependency;
`LoginRequired` is raised for anonymous requests and turned into a redirect to the login
page by `login_redirect` (register it as an exception handler on the router that mounts
your screens, as designer/routes.py does). `requires_role("author" | "sender" | "admin")`
guards what only some roles may do (designer/accounts/roles.py).
"""

from designer.accounts.guards import (
    CurrentUser,
    LoginRequired,
    login_redirect,
    provide_current_user,
    requires_login,
    requires_role,
)

__all__ = [
    "CurrentUser",
    "LoginRequired",
    "login_redirect",
    "provide_current_user",
    "requires_login",
    "requires_role",
]
