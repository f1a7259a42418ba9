"""/designer/settings/: the landing page behind the header's "Settings" entry.

It lists, as cards, the settings screens the signed-in user's role may open; the list and
its role rules live with the header in themes/<theme>/partials/designer/_settings_sections.html.
"""

from litestar import Controller, get
from litestar.response import Template

from designer.accounts.guards import CurrentUser, requires_role
from designer.web import page
from runtime.settings import Settings


class SettingsController(Controller):
    path = "/settings"
    guards = [requires_role("viewer")]  # every role: the page shows only what each may open

    @get("/")
    async def index(self, current_user: CurrentUser, settings: Settings) -> Template:
        """`smtp`: the Outbox card says whether mails are sent or only written to disk."""
        return page("settings.html", current_user, nav="settings", smtp=bool(settings.smtp_host))
