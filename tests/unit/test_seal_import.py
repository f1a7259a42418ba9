"""`formseal keys import` / `keys show`: operator certificates, checks, rotation, expiry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from runtime.cli import main
from runtime.sealing import SealingError, seal_document, trust_roots, verify_pdf
from runtime.sealing.install import import_identity
from runtime.sealing.sample import sample_seal_input
from runtime.settings import get_settings
from tests.unit.pki_helpers import issue, p12

THEMES = Path(__file__).resolve().parents[2] / "themes"


@pytest.fixture
def var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh instance folder for the CLI (settings are cached per process)."""
    monkeypatch.setenv("FORMSEAL_VAR_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


def _seal(keys: Path) -> bytes:
    return seal_document(sample_seal_input(), keys_dir=keys, themes_dir=THEMES).pdf


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_import_pkcs12_rotates_and_old_seals_still_verify(var_dir: Path, tmp_path: Path) -> None:
    keys = var_dir / "keys"
    old_pdf = _seal(keys)  # made with the generated local CA
    root = issue("Acme Root CA", kind="rsa", ca=True, days=3650)
    leaf = issue("Acme Document Seal", root, kind="rsa")
    bundle = tmp_path / "seal.p12"
    bundle.write_bytes(p12(leaf, [root], b"s3cret"))

    code, out = _cli("keys", "import", str(bundle), "--password", "s3cret")
    assert code == 0, out
    assert "Installed the sealing certificate CN=Acme Document Seal" in out
    assert "New seals use it from now on" in out
    retired_ca = list(keys.glob("ca-*.pem"))
    assert len(retired_ca) == 1 and list((keys / "retired").iterdir())
    # says what became of each file: "kept the previous ca-20261130-033640.pem" named the
    # new file as if it had been there before
    (folder,) = (keys / "retired").iterdir()
    assert f"kept the previous ca.pem as {retired_ca[0]}: seals made under it" in out
    assert f"moved the previous sealing certificate and key to {folder}/" in out
    assert (keys / "seal.key.pem").stat().st_mode & 0o777 == 0o600

    new_pdf = _seal(keys)  # the cached identity notices the new files: no restart needed
    roots = trust_roots(keys)
    new_report = verify_pdf(new_pdf, roots)
    assert new_report.ok and new_report.signer == "Acme Document Seal"
    assert not new_report.self_signed_ca
    old_report = verify_pdf(old_pdf, roots)
    assert old_report.ok and old_report.self_signed_ca, old_report.reasons


def test_import_pem_bundle_and_separate_files(var_dir: Path, tmp_path: Path) -> None:
    root = issue("PEM Root", ca=True)
    middle = issue("PEM Issuing CA", root, ca=True)
    leaf = issue("PEM Seal", middle)
    one = tmp_path / "all.pem"
    one.write_bytes(leaf.cert_pem() + leaf.key_pem() + middle.cert_pem() + root.cert_pem())
    assert _cli("keys", "import", str(one))[0] == 0
    keys = var_dir / "keys"
    assert verify_pdf(_seal(keys), trust_roots(keys)).signer == "PEM Seal"

    other = issue("PEM Seal 2", middle)
    cert, key, chain = tmp_path / "c.pem", tmp_path / "k.pem", tmp_path / "chain.pem"
    cert.write_bytes(other.cert_pem())
    key.write_bytes(other.key_pem(b"pw"))
    chain.write_bytes(middle.cert_pem() + root.cert_pem())
    code, out = _cli(
        "keys", "import", str(cert), "--key", str(key), "--chain", str(chain), "--password", "pw"
    )
    assert code == 0, out
    assert "ca-" not in out  # same CA chain as before: nothing to retire
    assert verify_pdf(_seal(keys), trust_roots(keys)).signer == "PEM Seal 2"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("wrong password", "is the password right"),
        ("no password", "give --password"),
        ("key of another certificate", "does not belong to any certificate"),
        ("expired", "expired on"),
        ("not yet valid", "not valid before"),
        ("CA certificate", "This is a CA certificate"),
        ("no chain", "no CA certificate was given"),
        ("wrong chain", "does not chain to the CA certificates given"),
        ("may not sign", "key usage does not allow signing"),
    ],
)
def test_import_refuses_with_a_reason_and_changes_nothing(
    tmp_path: Path, case: str, message: str
) -> None:
    keys = tmp_path / "keys"
    _seal(keys)
    before = {p.name: p.read_bytes() for p in keys.glob("*.pem")}
    root = issue("Root", ca=True)
    leaf = issue("Seal", root)
    data, password = p12(leaf, [root], b"pw"), b"pw"
    if case == "wrong password":
        password = b"nope"
    elif case == "no password":
        password = None  # type: ignore[assignment]
    elif case == "key of another certificate":
        data = leaf.cert_pem() + issue("Other", root).key_pem() + root.cert_pem()
    elif case == "expired":
        old = issue("Old", root, valid_from=datetime.now(UTC) - timedelta(days=400), days=30)
        data = p12(old, [root], b"pw")
    elif case == "not yet valid":
        future = issue("Future", root, valid_from=datetime.now(UTC) + timedelta(days=3))
        data = p12(future, [root], b"pw")
    elif case == "CA certificate":
        data = p12(issue("Sub CA", root, ca=True), [root], b"pw")
    elif case == "no chain":
        data = p12(leaf, [], b"pw")
    elif case == "wrong chain":
        data = p12(leaf, [issue("Unrelated Root", ca=True)], b"pw")
    elif case == "may not sign":
        data = p12(issue("Encipher only", root, key_usage="encipher"), [root], b"pw")
    with pytest.raises(SealingError) as caught:
        import_identity(keys, data, password=password)
    assert message in str(caught.value)
    assert {p.name: p.read_bytes() for p in keys.glob("*.pem")} == before


def test_cli_import_error_exit_code(var_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.p12"
    bad.write_bytes(b"not a pkcs12 file")
    code, out = _cli("keys", "import", str(bad))
    assert code == 1
    assert "Error: The file is neither PEM" in out and "Nothing was changed." in out
    assert "--password" not in out  # no password would open a file that is no key bundle


def test_show_prints_the_certificate_and_trust_roots(var_dir: Path) -> None:
    code, out = _cli("keys", "show")
    assert code == 0 and "No sealing key" in out
    _seal(var_dir / "keys")
    code, out = _cli("keys", "show")
    assert code == 0, out
    assert "subject:     CN=formseal seal,O=formseal" in out
    assert "issuer:      CN=formseal local CA,O=formseal" in out
    assert "not after:" in out and "days left" in out
    assert "self-signed CA" in out and "ECDSA P-256" in out
    # an operator's words as the rest of the product says them: "this service", not "instance"
    assert "authority:   this service's own, self-signed CA" in out
    assert "instance" not in out
    # the local CA is named "formseal local CA": "formseal local CA (formseal local CA)"
    # said it twice and not what it is
    assert "ca.pem: formseal local CA (this service's own, self-signed CA), until" in out
    assert "(formseal local CA)" not in out
    assert "Warning" not in out


def test_show_says_an_incomplete_keys_folder_is_refused(var_dir: Path) -> None:
    """seal.pem gone, ca.pem and seal.key.pem left: formseal refuses to seal and to start
    (it overwrites nothing), but `keys show` said a key would be made on first start."""
    keys = var_dir / "keys"
    _seal(keys)
    (keys / "seal.pem").unlink()
    code, out = _cli("keys", "show")
    assert code == 1
    assert "No sealing key" not in out and "made on first start" not in out
    assert f"Error: {keys} is incomplete: it has ca.pem, seal.key.pem but needs" in out


def test_show_warns_30_days_before_expiry(var_dir: Path, tmp_path: Path) -> None:
    root = issue("Short Root", ca=True, days=3650)
    leaf = issue("Short-lived Seal", root, days=20)
    bundle = tmp_path / "short.p12"
    bundle.write_bytes(p12(leaf, [root], None))
    code, out = _cli("keys", "import", str(bundle))
    assert code == 0 and "Warning: The certificate expires on" in out
    code, out = _cli("keys", "show")
    assert code == 0
    assert "Warning: the sealing certificate expires on" in out and "in 19 days" in out
