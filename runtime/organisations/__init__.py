"""Groups: parent organisations and their subsidiaries (docs/groups.md).

hierarchy.py holds the one rule of who sees and presents what; service.py creates
subsidiaries; sharing.py says which templates and stamps a subsidiary may use.
"""

# The organisation a fresh instance makes for its first user, demo or import, and the
# one single sign-on users join unless FORMSEAL_OIDC_ORGANISATION names another.
DEFAULT_ORGANISATION = "My organisation"
