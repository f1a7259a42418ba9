"""Two-step verification's pure parts: the drift window (±1 step of 30 s, not 2), what is
typed (spaces, dashes, capitals), recovery codes told from app codes, and the encrypted
key (bound to the user and to the installation's secret key)."""

import datetime as dt
import uuid
from dataclasses import replace

import pyotp
import pytest

from designer.accounts import two_step
from runtime.settings import Settings

NOW = dt.datetime(2026, 11, 30, 6, 0, 10, tzinfo=dt.UTC)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(two_step, "utcnow", lambda: NOW)


def _code(steps: int) -> str:
    return pyotp.TOTP(SECRET).at(NOW + dt.timedelta(seconds=30 * steps))


@pytest.mark.parametrize(
    ("steps", "accepted"),
    [(-2, False), (-1, True), (0, True), (1, True), (2, False)],
    ids=["2-behind", "1-behind", "now", "1-ahead", "2-ahead"],
)
def test_one_step_of_clock_drift_either_way(steps: int, accepted: bool) -> None:
    step = two_step.matching_step(SECRET, _code(steps))
    now = int(NOW.timestamp()) // 30
    if accepted:
        assert step == now + steps
    elif step is not None:  # a 1-in-a-million clash of two steps' codes
        assert _code(steps) in {_code(-1), _code(0), _code(1)}


@pytest.mark.parametrize(
    "typed", [" {c} ", "{a} {b}", "{a}-{b}"], ids=["padded", "spaced", "dashed"]
)
def test_codes_as_apps_show_them(typed: str) -> None:
    code = _code(0)
    text = typed.format(c=code, a=code[:3], b=code[3:])
    assert two_step.matching_step(SECRET, text) is not None
    assert not two_step.looks_like_recovery_code(text)


def test_what_is_not_a_code() -> None:
    for typed in ("", "12345", "1234567", "abcdef"):
        assert two_step.matching_step(SECRET, typed) is None
    assert two_step.looks_like_recovery_code("ABCDE-FGHJK")
    assert two_step.looks_like_recovery_code("abcde fghjk")
    assert not two_step.looks_like_recovery_code("1234567890")


def test_the_key_is_bound_to_the_user_and_the_secret_key(settings_for_keys: Settings) -> None:
    user = uuid.uuid4()
    stored = two_step.encrypt(settings_for_keys, user, SECRET)
    assert stored.startswith("v1:") and SECRET not in stored
    assert stored != two_step.encrypt(settings_for_keys, user, SECRET)  # a fresh nonce
    assert two_step.decrypt(settings_for_keys, user, stored) == SECRET
    for settings, owner in (
        (settings_for_keys, uuid.uuid4()),
        (replace(settings_for_keys, secret_key="another secret key " + "z" * 32), user),
    ):
        with pytest.raises(two_step.SecretUnreadable):
            two_step.decrypt(settings, owner, stored)
    for broken in ("", "v1:", "v1:!!!", SECRET):
        with pytest.raises(two_step.SecretUnreadable):
            two_step.decrypt(settings_for_keys, user, broken)


def test_the_key_is_shown_in_groups_of_four() -> None:
    assert two_step.grouped("ABCDEFGHIJ") == "ABCD EFGH IJ"
    uri = two_step.setup_uri(SECRET, "ann@example.com")
    assert uri.startswith("otpauth://totp/formseal:ann%40example.com?secret=")
    assert "issuer=formseal" in uri


@pytest.fixture
def settings_for_keys(tmp_path: object) -> Settings:
    return Settings(secret_key="a test secret key " + "k" * 32, var_dir=tmp_path)  # type: ignore[arg-type]
