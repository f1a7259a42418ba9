"""A pyHanko SimpleSigner that parses its private key once instead of on every signature, and
builds the signing-certificate attribute once per certificate.

SimpleSigner.sign_raw() re-loads the key with `cryptography` each time; for an RSA key that
costs ~33 ms per load (see STACK-NOTES.md), which matters when an operator installs one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from asn1crypto import tsp
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pyhanko.sign.attributes import (
    CMSAttributeProvider,
    SignedAttributeProviderSpec,
    SigningCertificateV2Provider,
)
from pyhanko.sign.general import as_signing_certificate_v2, get_pyca_cryptography_hash
from pyhanko.sign.signers import SimpleSigner

# DER of the signing-certificate-v2 value, by the SHA-256 of the certificate it names.
_signing_certificate_der: dict[bytes, bytes] = {}


class ParsedSigningCertificateV2(SigningCertificateV2Provider):
    """pyHanko's signing-certificate-v2 value (PAdES requires it), loaded from its DER.

    asn1crypto re-encodes a freshly built value (ESSCertIDv2, IssuerSerial, GeneralNames)
    each time an enclosing structure is dumped, about 1,900 times per signature: 7 of the
    8.7 ms that building the CMS took. A value loaded from DER keeps its encoding."""

    async def build_attr_value(self, dry_run: bool = False) -> tsp.SigningCertificateV2:
        cert = self.signing_cert
        der = _signing_certificate_der.get(cert.sha256)
        if der is None:
            der = _signing_certificate_der[cert.sha256] = as_signing_certificate_v2(cert).dump()
        return tsp.SigningCertificateV2.load(der)


class _ParsedCertificateAttribute(SignedAttributeProviderSpec):
    """pyHanko's own choice of signed attributes, with the signing certificate's parsed."""

    def __init__(self, spec: SignedAttributeProviderSpec) -> None:
        self.spec = spec

    def signed_attr_providers(
        self, data_digest: bytes, digest_algorithm: str
    ) -> Iterator[CMSAttributeProvider]:
        providers: Iterable[CMSAttributeProvider] = self.spec.signed_attr_providers(
            data_digest=data_digest, digest_algorithm=digest_algorithm
        )
        for provider in providers:
            if type(provider) is SigningCertificateV2Provider:
                provider = ParsedSigningCertificateV2(signing_cert=provider.signing_cert)
            yield provider


class PreloadedKeySigner(SimpleSigner):
    """Signs ECDSA and RSA PKCS#1 v1.5 with a key object held in memory."""

    def __init__(self, *, pyca_key: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pyca_key = pyca_key

    def _signed_attr_provider_spec(self, *args: Any, **kwargs: Any) -> Any:
        return _ParsedCertificateAttribute(super()._signed_attr_provider_spec(*args, **kwargs))

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            algo = mechanism.signature_algo
        except ValueError:
            algo = mechanism["algorithm"].native
        key = self._pyca_key
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        if algo == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
            return key.sign(data, ECDSA(hash_algo))
        if algo == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return key.sign(data, PKCS1v15(), hash_algo)
        return super().sign_raw(data, digest_algorithm)
