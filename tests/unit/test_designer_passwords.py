"""Designer passwords: an unknown email costs one argon2 verification, like a wrong password,
and the hash that verification uses is made on first use, not when the module is imported."""

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from designer.accounts import passwords
from designer.accounts.passwords import dummy_hash, hash_password, verify_password
from tests.unit.fresh_python import run_fresh


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The hashes argon2 verified, in order."""
    seen: list[str] = []

    class Spy(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            seen.append(str(hash))
            return super().verify(hash, password)

    monkeypatch.setattr(passwords, "_hasher", Spy())
    return seen


def test_importing_the_module_hashes_nothing(tmp_path: Path) -> None:
    probe = "import designer.accounts.passwords as p\nprint(p.dummy_hash.cache_info().currsize)"
    assert run_fresh(probe, tmp_path).split() == ["0"]


def test_an_unknown_email_spends_one_verification_like_a_wrong_password(
    verifications: list[str],
) -> None:
    known = hash_password("correct horse battery")
    assert not verify_password(known, "wrong password!")
    assert not verify_password(None, "wrong password!")
    assert not verify_password(None, "another wrong one")
    assert verifications == [known, dummy_hash(), dummy_hash()]


def test_the_dummy_hash_is_made_once_per_process() -> None:
    dummy_hash.cache_clear()
    verify_password(None, "whatever password")
    verify_password(None, "whatever password")
    assert dummy_hash.cache_info().misses == 1


def test_the_dummy_hashs_own_password_does_not_sign_in() -> None:
    assert not verify_password(None, "formseal-no-such-user")


def test_a_right_password_still_signs_in() -> None:
    assert verify_password(hash_password("correct horse battery"), "correct horse battery")
