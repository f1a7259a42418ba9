"""A pyHanko SimpleSigner that parses its private key once instead of on every signature.

SimpleSigner.sign_raw() re-loads the key with `cryptography` each time; for an RSA key that
costs ~33 ms per load (see STACK-NOTES.md), which matters when an operator installs one.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.signers import SimpleSigner


class PreloadedKeySigner(SimpleSigner):
    """Signs ECDSA and RSA PKCS#1 v1.5 with a key object held in memory."""

    def __init__(self, *, pyca_key: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pyca_key = pyca_key

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
