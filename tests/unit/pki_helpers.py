"""Certificates, revocation lists and a time-stamping authority served on a local port, for
the seal tests that need a PKI (kept out of the test modules, so that collecting one test
file never runs another)."""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

PEM = serialization.Encoding.PEM

Route = Callable[[bytes | None], tuple[str, bytes]]


def name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


@dataclass
class Issued:
    cert: x509.Certificate
    key: Any

    @property
    def asn1(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER))

    @property
    def asn1_key(self) -> asn1_keys.PrivateKeyInfo:
        return asn1_keys.PrivateKeyInfo.load(
            self.key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )

    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(PEM)

    def key_pem(self, password: bytes | None = None) -> bytes:
        encryption: Any = (
            serialization.BestAvailableEncryption(password)
            if password
            else serialization.NoEncryption()
        )
        return self.key.private_bytes(PEM, serialization.PrivateFormat.PKCS8, encryption)


def new_key(kind: str = "ec") -> Any:
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def issue(
    cn: str,
    issuer: Issued | None = None,
    *,
    kind: str = "ec",
    ca: bool = False,
    tsa: bool = False,
    crl_url: str | None = None,
    key_usage: str = "sign",
    valid_from: datetime | None = None,
    days: int = 365,
) -> Issued:
    """A certificate: self-signed when no issuer is given."""
    key = new_key(kind)
    start = valid_from or datetime.now(UTC) - timedelta(minutes=5)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(cn))
        .issuer_name(issuer.cert.subject if issuer else name(cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        usage = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
    elif tsa:
        usage = x509.KeyUsage(True, False, False, False, False, False, False, False, False)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    elif key_usage == "sign":
        usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
    else:  # e.g. "encipher": a certificate that may not sign documents
        usage = x509.KeyUsage(False, False, True, False, False, False, False, False, False)
    builder = builder.add_extension(usage, critical=True)
    if crl_url:
        point = x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None, None)
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    signer_key = issuer.key if issuer else key
    return Issued(builder.sign(signer_key, hashes.SHA256()), key)


def crl(ca: Issued, revoked: list[Issued] = ()) -> bytes:  # type: ignore[assignment]
    now = datetime.now(UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.cert.subject)
        .last_update(now - timedelta(minutes=5))
        .next_update(now + timedelta(days=7))
    )
    for item in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(item.cert.serial_number)
            .revocation_date(now - timedelta(minutes=1))
            .build()
        )
    return builder.sign(ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def p12(leaf: Issued, chain: list[Issued], password: bytes | None) -> bytes:
    encryption: Any = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(
        b"seal", leaf.key, leaf.cert, [c.cert for c in chain], encryption
    )


class LocalServer:
    """A tiny HTTP server on a free loopback port; routes map a path to (type, bytes)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, body: bytes | None) -> None:
                route = server.routes.get(self.path)
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                if route is None:
                    self.send_error(404)
                    return
                content_type, data = route(body)
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                self._answer(None)

            def do_POST(self) -> None:  # noqa: N802
                self._answer(self.rfile.read(int(self.headers.get("Content-Length", 0))))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class Tsa:
    """A local RFC 3161 timestamp authority: RSA keys, as DummyTimeStamper requires."""

    root: Issued
    unit: Issued
    url: str
    stamper: DummyTimeStamper
    server: LocalServer
    ca_file: Path | None = None
    requests: list[datetime] = field(default_factory=list)

    def set_clock(self, fixed: datetime | None) -> None:
        self.stamper.fixed_dt = fixed


def start_tsa(server: LocalServer, path: str = "/tsa", fixed_dt: datetime | None = None) -> Tsa:
    root = issue("Test TSA Root", kind="rsa", ca=True)
    unit = issue("Test TSA", root, kind="rsa", tsa=True)
    stamper = DummyTimeStamper(
        tsa_cert=unit.asn1,
        tsa_key=unit.asn1_key,
        certs_to_embed=SimpleCertificateStore.from_certs([root.asn1]),
        fixed_dt=fixed_dt,
    )
    tsa = Tsa(root, unit, server.url(path), stamper, server)

    def answer(body: bytes | None) -> tuple[str, bytes]:
        assert body is not None
        tsa.requests.append(datetime.now(UTC))
        response = stamper.request_tsa_response(tsp.TimeStampReq.load(body))
        return "application/timestamp-reply", response.dump()

    server.routes[path] = answer
    return tsa


def _operator_keys(keys: Path, server: LocalServer, path: str, *, revoke: bool = False) -> None:
    """An operator CA whose sealing certificate names a CRL served by the local server."""
    from runtime.sealing.install import Bundle, install_bundle

    ca = issue("Operator Root", ca=True, days=3650)
    leaf = issue("Operator Seal", ca, crl_url=server.url(path))
    revoked = [leaf] if revoke else []
    server.routes[path] = lambda _: ("application/pkix-crl", crl(ca, revoked))
    install_bundle(keys, Bundle(leaf.cert, leaf.key, [ca.cert]))
