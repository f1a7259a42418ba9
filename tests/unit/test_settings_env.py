"""Settings an administrator gets wrong on a first install (docs/settings.md, deploy.md):
each is refused at start with one line naming the variable, or does what the docs say."""

import errno
from pathlib import Path

import pytest

from runtime import preflight, settings
from runtime.settings import Settings, SettingsError, settings_from_env

SECRET = "settings-env-" + "s" * 40


def test_links_follow_the_port_and_host_when_no_base_url_is_set() -> None:
    """`FORMSEAL_PORT=8080 make run` printed a demo link to port 8000."""
    assert settings_from_env({}).base_url == "http://127.0.0.1:8000"
    assert settings_from_env({"FORMSEAL_PORT": "8080"}).base_url == "http://127.0.0.1:8080"
    assert (
        settings_from_env({"FORMSEAL_HOST": "10.1.2.3", "FORMSEAL_PORT": "81"}).base_url
        == "http://10.1.2.3:81"
    )
    # listening on every address: the link goes to this machine's loopback
    assert settings_from_env({"FORMSEAL_HOST": "0.0.0.0"}).base_url == "http://127.0.0.1:8000"
    assert settings_from_env({"FORMSEAL_HOST": "::1", "FORMSEAL_PORT": "9"}).base_url == (
        "http://[::1]:9"
    )
    assert settings_from_env({"FORMSEAL_BASE_URL": ""}).base_url == "http://127.0.0.1:8000"
    empty = {"FORMSEAL_BASE_URL": " ", "FORMSEAL_PORT": "8080"}
    assert settings_from_env(empty).base_url == "http://127.0.0.1:8080"
    chosen = {"FORMSEAL_PORT": "8001", "FORMSEAL_BASE_URL": "https://forms.example.com"}
    assert settings_from_env(chosen).base_url == "https://forms.example.com"


@pytest.mark.parametrize("word", ["1", "true", "YES", " on ", "True"])
def test_booleans_true(word: str) -> None:
    assert settings_from_env({"FORMSEAL_SECURE_COOKIES": word}).secure_cookies is True


@pytest.mark.parametrize("word", ["0", "false", "No", "off", ""])
def test_booleans_false(word: str) -> None:
    assert settings_from_env({"FORMSEAL_RUN_WORKER": word}).run_worker is False


def test_a_boolean_typo_is_refused_not_read_as_false() -> None:
    """FORMSEAL_SECURE_COOKIES=ture silently sent cookies without Secure."""
    with pytest.raises(SettingsError) as refused:
        settings_from_env({"FORMSEAL_SECURE_COOKIES": "ture"})
    assert str(refused.value) == (
        "FORMSEAL_SECURE_COOKIES='ture' is not true or false "
        "(write true/false, yes/no, on/off or 1/0)."
    )


def test_the_example_placeholder_secret_is_refused() -> None:
    """docs/examples/systemd/formseal.env ships FORMSEAL_SECRET_KEY=change-me-…: public."""
    example = Path(__file__).parents[2] / "docs" / "examples" / "systemd" / "formseal.env"
    placeholder = next(
        line.split("=", 1)[1]
        for line in example.read_text().splitlines()
        if line.startswith("FORMSEAL_SECRET_KEY=")
    )
    with pytest.raises(SettingsError, match="still the example's placeholder"):
        Settings(secret_key=placeholder)
    with pytest.raises(SettingsError, match="secrets.token_urlsafe"):
        settings_from_env({"FORMSEAL_SECRET_KEY": "CHANGE-ME"})
    assert Settings(secret_key=SECRET).secret_key == SECRET


def test_a_short_secret_is_refused() -> None:
    """It keys the HMAC of public prefill links: 'hunter2' could be found offline from
    one link (and then every link, session and CSRF token forged); it was taken."""
    with pytest.raises(SettingsError) as refused:
        settings_from_env({"FORMSEAL_SECRET_KEY": "hunter2"})
    assert str(refused.value) == (
        "FORMSEAL_SECRET_KEY is 7 characters: use at least 32 random ones, the same in every "
        "process, e.g. the output of python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
    )
    assert Settings(secret_key="k" * 32).secret_key == "k" * 32
    assert Settings(secret_key="").secret_key == ""  # generated into var/secret_key


def test_a_var_folder_this_user_cannot_write_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(root ignores permissions, so the refusal is simulated.)"""

    def refuse(folder: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(settings, "_probe_write", refuse)
    with pytest.raises(SettingsError) as refused:
        Settings(var_dir=tmp_path / "var", secret_key=SECRET).ensure_dirs()
    message = str(refused.value)
    assert message.startswith(f"Cannot write in {tmp_path / 'var'} (FORMSEAL_VAR_DIR): ")
    assert "Permission denied" in message and "writable by the user formseal runs as" in message


def test_a_file_where_the_var_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "var").write_text("")
    with pytest.raises(SettingsError, match="a file is in the way where the folder should be"):
        Settings(var_dir=tmp_path / "var", secret_key=SECRET).ensure_dirs()


def test_the_write_probe_leaves_nothing_behind(tmp_path: Path) -> None:
    Settings(var_dir=tmp_path, secret_key=SECRET).ensure_dirs()
    leftovers = [p.name for p in tmp_path.rglob(".write-probe-*")]
    assert leftovers == []


def test_a_read_only_sqlite_file_stops_serve_and_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database made by `sudo formseal migrate`: the server started and failed every save."""
    config = Settings(var_dir=tmp_path, secret_key=SECRET)
    config.database_path.write_bytes(b"")
    wal = config.database_path.with_name("formseal.sqlite3-wal")
    wal.write_bytes(b"")
    preflight.check_sqlite_writable(config)  # writable: nothing to say

    real_access = preflight.os.access
    monkeypatch.setattr(
        preflight.os, "access", lambda path, mode: Path(path) != wal and real_access(path, mode)
    )
    with pytest.raises(preflight.StartupProblem) as refused:
        preflight.check_sqlite_writable(config)
    assert str(refused.value).startswith(
        f"The SQLite database file {wal} is read-only for the user formseal runs as ("
    )
    assert "run `formseal migrate` as that user too" in str(refused.value)
    # PostgreSQL installations have no such file to check
    preflight.check_sqlite_writable(
        Settings(var_dir=tmp_path, secret_key=SECRET, database_url="postgresql://x@h/db")
    )


def test_the_base_url_needs_a_scheme_and_loses_a_trailing_slash() -> None:
    """ "https://forms.example.com/" printed https://forms.example.com//verify; without a
    scheme every link in mails and PDFs was relative: broken."""
    slash = settings_from_env({"FORMSEAL_BASE_URL": "https://forms.example.com/"})
    assert slash.base_url == "https://forms.example.com"
    for wrong in ("forms.example.com", "ftp://forms.example.com", "https://"):
        with pytest.raises(SettingsError) as refused:
            settings_from_env({"FORMSEAL_BASE_URL": wrong})
        assert str(refused.value) == (
            "FORMSEAL_BASE_URL must be the address people open, with https:// (or http://), "
            f"e.g. https://forms.example.com, not {wrong!r}"
        )


def test_the_base_url_has_no_path() -> None:
    """Served under https://example.com/forms behind a proxy, a mailed link opened its
    first page and every link on it (/static/…, /s/<token>/step/1) missed the prefix."""
    for wrong in ("https://example.com/forms", "https://example.com/forms/", "http://h:8/?x=1"):
        with pytest.raises(SettingsError) as refused:
            settings_from_env({"FORMSEAL_BASE_URL": wrong})
        assert str(refused.value).startswith(
            "FORMSEAL_BASE_URL must be a host of its own, without a path: formseal's pages "
            "link from /, so it cannot be served under one (e.g. https://forms.example.com, not "
        )
    assert settings_from_env({"FORMSEAL_BASE_URL": "https://[::1]:8443/"}).base_url == (
        "https://[::1]:8443"
    )


def test_serve_notes_an_https_address_without_secure_cookies() -> None:
    from runtime.cli import startup_notes

    local = Settings(secret_key=SECRET, port=8724, base_url="http://127.0.0.1:8724")
    assert startup_notes(local, "127.0.0.1", 8724) == []
    proxied = Settings(secret_key=SECRET, base_url="https://forms.example.com")
    notes = startup_notes(proxied, "127.0.0.1", 8001)
    assert notes[0] == "Links in mails and pages use FORMSEAL_BASE_URL: https://forms.example.com"
    assert notes[1].startswith("FORMSEAL_BASE_URL is https:// but FORMSEAL_SECURE_COOKIES is")
    secure = Settings(secret_key=SECRET, base_url="https://forms.example.com", secure_cookies=True)
    assert len(startup_notes(secure, "127.0.0.1", 8001)) == 1


def test_serve_warns_when_passwords_get_the_tests_cheap_hashes() -> None:
    from runtime.cli import startup_notes

    local = {"secret_key": SECRET, "port": 8724, "base_url": "http://127.0.0.1:8724"}
    (note,) = startup_notes(Settings(**local, password_hashing="insecure-fast"), "127.0.0.1", 8724)
    assert note.startswith("FORMSEAL_PASSWORD_HASHING is insecure-fast, a setting for tests")


@pytest.mark.parametrize(
    ("variable", "typo", "words"),
    [
        ("FORMSEAL_SMTP_TLS", "ssl", "none, starttls or tls"),
        ("FORMSEAL_SMS_PROVIDER", "twilio", "development or http"),
        ("FORMSEAL_OIDC_DEFAULT_ROLE", "owner", "admin, author, sender or viewer"),
        ("FORMSEAL_PASSWORD_HASHING", "fast", "standard or insecure-fast"),
    ],
)
def test_a_setting_of_a_few_words_refuses_any_other(variable: str, typo: str, words: str) -> None:
    """docs/settings.md lists the words; a typo used to pass silently: SMTP_TLS=ssl sent
    mail and the SMTP password in clear, SMS_PROVIDER=twilio wrote codes to var/outbox/."""
    with pytest.raises(SettingsError) as refused:
        settings_from_env({variable: typo})
    assert str(refused.value) == f"{variable} must be {words}, not '{typo}'"
    name = variable.removeprefix("FORMSEAL_").lower()
    first = words.split(",")[0].split(" or ")[0]
    assert getattr(settings_from_env({variable: f" {first.upper()} "}), name) == first
