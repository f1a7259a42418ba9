"""Groups: parent organisations and their subsidiaries (docs/groups.md).

hierarchy.py holds the one rule of who sees and presents what; service.py creates
subsidiaries; sharing.py says which templates and stamps a subsidiary may use.
"""
