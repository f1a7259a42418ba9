"""A failed seal's reason reaches an administrator's mail in its language when formseal
worded it; the failing software's own words stay as written and the mail says so."""

from runtime.i18n import use_language
from runtime.jobs.stuck import reason_in_words
from runtime.mail.jobs import _failure

EXPIRED = (
    "runtime.sealing.inputs.SealingError: The sealing certificate expired on 2027-01-31; "
    "install a new one with `formseal keys import` or rotate the keys in /srv/keys "
    "(see docs/sealing.md, 'Rotation and expiry')."
)


def _reason(last_error: str, language: str) -> dict:
    reason = reason_in_words({"last_error": last_error}, "failed")
    with use_language(language):
        return _failure({"failure": {"what": "seal", "reason": reason}})


def test_formseals_own_reason_is_translated_with_its_parts_kept() -> None:
    french = _reason(EXPIRED, "fr")
    assert french["reason"].startswith("Le certificat de scellement a expiré le 2027-01-31\u202f;")
    assert "/srv/keys" in french["reason"] and "`formseal keys import`" in french["reason"]
    assert french["as_written"] is False
    assert _reason(EXPIRED, "vi")["reason"].startswith("Chứng thư niêm phong đã hết hạn")


def test_english_and_unknown_reasons_stay_as_written() -> None:
    english = _reason(EXPIRED, "en")
    assert english["reason"].startswith("The sealing certificate expired on 2027-01-31;")
    assert english["as_written"] is False  # nothing to point out in an English mail
    other = _reason("OSError: [Errno 28] No space left on device", "zh-CN")
    assert other["reason"] == "[Errno 28] No space left on device"
    assert other["as_written"] is True  # the mail adds "(… in English)"
    assert _reason("", "ms")["reason"] == "Tiada sebab direkodkan."
