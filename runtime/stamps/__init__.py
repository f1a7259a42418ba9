"""Company stamps: images an organisation uploads, and their application to stamp fields.

- images.py   checks and re-encodes an upload (PNG/JPEG only, size-limited, Pillow)
- service.py  the organisation's stamps: upload, list, deactivate, default, grants
- autosign.py the `auto_sign` job: an organisation role applies its stamps on its own
- sealing.py  what the seal needs: the images inlined as data: URIs, and who applied what
"""
