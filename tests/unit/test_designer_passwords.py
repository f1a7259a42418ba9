"""Designer passwords: an unknown email costs one argon2 verification, like a wrong password,
and the hash that verification uses is made on first use, not when the module is imported.
An installation hashes passwords and access codes with RFC 9106's parameters; only a setting
the tests give (FORMSEAL_PASSWORD_HASHING=insecure-fast) makes them cheaper."""

from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type, extract_parameters

from designer.accounts import passwords
from designer.accounts.passwords import _dummy_hash, dummy_hash, hash_password, verify_password
from runtime.identity.service import hash_access_code
from runtime.settings import Settings, settings_from_env
from runtime.slow_hash import hasher_for
from tests.unit.fresh_python import run_fresh


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The hashes argon2 verified, in order."""
    seen: list[str] = []

    class Spy(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            seen.append(str(hash))
            return super().verify(hash, password)

    spy = Spy()
    monkeypatch.setattr(passwords, "hasher_for", lambda settings=None: spy)
    return seen


def test_importing_the_module_hashes_nothing(tmp_path: Path) -> None:
    probe = "import designer.accounts.passwords as p\nprint(p._dummy_hash.cache_info().currsize)"
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
    _dummy_hash.cache_clear()
    verify_password(None, "whatever password")
    verify_password(None, "whatever password")
    assert _dummy_hash.cache_info().misses == 1


def test_the_dummy_hashs_own_password_does_not_sign_in() -> None:
    assert not verify_password(None, "formseal-no-such-user")


def test_a_right_password_still_signs_in() -> None:
    assert verify_password(hash_password("correct horse battery"), "correct horse battery")


def test_an_installation_hashes_with_rfc_9106_parameters() -> None:
    """What a default installation stores, read back from the hashes themselves: argon2id,
    64 MiB, 3 passes, 4 lanes, 16-byte salt, 32-byte hash (argon2-cffi's RFC 9106 profile)."""
    default = Settings()
    assert default.password_hashing == settings_from_env({}).password_hashing == "standard"
    password = hash_password("correct horse battery", default)
    access_code = hash_access_code("heron  42", default)
    for stored in (password, access_code, dummy_hash(default)):
        assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$"), stored
        params = extract_parameters(stored)
        assert params.type is Type.ID
        assert (params.memory_cost, params.time_cost, params.parallelism) == (65536, 3, 4)
        assert (params.salt_len, params.hash_len) == (16, 32)
    assert verify_password(password, "correct horse battery", default)
    assert hasher_for(default).verify(access_code, "heron 42")


def test_the_tests_cheaper_hashes_still_verify_under_the_standard_setting() -> None:
    """A hash keeps its own parameters: one made with insecure-fast verifies with standard."""
    cheap = hash_password("correct horse battery", Settings(password_hashing="insecure-fast"))
    assert cheap.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert verify_password(cheap, "correct horse battery", Settings())
    assert not verify_password(cheap, "wrong horse battery", Settings())


@pytest.mark.parametrize(
    ("length", "said"),
    [
        (9, "That password is too short: use at least 10 characters (and at most 1024)."),
        (1025, "That password is too long: use at most 1024 characters (and at least 10)."),
        (10, None),
        (1024, None),
    ],
    ids=["9", "1025", "10", "1024"],
)
def test_a_refused_password_says_which_limit_it_missed(length: int, said: str | None) -> None:
    """Both used to read "That password is too short or too long. Use at least 10 …"."""
    assert passwords.password_problem("x" * length) == said
