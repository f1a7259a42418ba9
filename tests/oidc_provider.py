"""A small OpenID Connect provider for tests, on a loopback port in a thread.

It serves discovery, JWKS, an /authorize that redirects straight back with a code (the
"user" is whoever `claims` names), and a token endpoint that checks the client's secret,
the redirect URI and the PKCE verifier (S256) before returning an ID token signed with an
RSA key generated here. Knobs let tests make it misbehave: `overrides` changes ID-token
claims, `alg="none"` sends an unsigned token, `error` answers /authorize with an error.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwk, jwt


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class Key:
    """An RSA signing key with its kid, as PEM for signing and JWK for publishing."""

    def __init__(self, kid: str) -> None:
        self.kid = kid
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        public_pem = private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.public_jwk = {
            **jwk.construct(public_pem, "RS256").to_dict(),
            "kid": kid,
            "use": "sig",
            "alg": "RS256",
        }


NULL = object()
"""An override that sends a claim as JSON null (None leaves the claim out)."""


class Provider:
    def __init__(self, client_id: str = "formseal-test", client_secret: str = "s3cret") -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.keys = [Key("key-1")]
        self.signing = self.keys[0]
        self.claims: dict[str, Any] = {
            "sub": "user-1",
            "email": "sso.user@example.com",
            "email_verified": True,
            "name": "Sso User",
        }
        self.overrides: dict[str, Any] = {}
        self.alg = "RS256"
        self.error = ""
        self.codes: dict[str, dict[str, str]] = {}
        self.token_requests: list[dict[str, Any]] = []
        self.jwks_fetches = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}/realm"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "Provider":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def rotate(self) -> Key:
        """Publish and sign with a new key (the old one stays published)."""
        key = Key(f"key-{len(self.keys) + 1}")
        self.keys.append(key)
        self.signing = key
        return key

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }

    def id_token(self, nonce: str, access_token: str) -> str:
        now = int(time.time())
        digest = hashlib.sha256(access_token.encode()).digest()
        claims = {
            **self.claims,
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "at_hash": b64url(digest[:16]),
            **self.overrides,
        }
        claims = {k: None if v is NULL else v for k, v in claims.items() if v is not None}
        if self.alg == "none":
            header = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
            return f"{header}.{b64url(json.dumps(claims).encode())}."
        return jwt.encode(
            claims, self.signing.pem, algorithm=self.alg, headers={"kid": self.signing.kid}
        )

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 - http.server's API
                url = urlsplit(self.path)
                if url.path == "/realm/.well-known/openid-configuration":
                    return self._json(200, provider.discovery())
                if url.path == "/realm/jwks":
                    provider.jwks_fetches += 1
                    return self._json(200, {"keys": [k.public_jwk for k in provider.keys]})
                if url.path == "/realm/authorize":
                    return self._authorize({k: v[0] for k, v in parse_qs(url.query).items()})
                self._json(404, {"error": "not_found"})

            def _authorize(self, q: dict[str, str]) -> None:
                if q.get("client_id") != provider.client_id or q.get("response_type") != "code":
                    return self._json(400, {"error": "invalid_request"})
                if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
                    return self._json(400, {"error": "invalid_request", "why": "PKCE S256"})
                back: dict[str, str] = {"state": q.get("state", "")}
                if provider.error:
                    back["error"] = provider.error
                    back["error_description"] = "The user said no"
                else:
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = q
                    back["code"] = code
                self.send_response(302)
                self.send_header("Location", f"{q['redirect_uri']}?{urlencode(back)}")
                self.end_headers()

            def do_POST(self) -> None:  # noqa: N802 - http.server's API
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                provider.token_requests.append(
                    {"form": form, "authorization": self.headers.get("Authorization", "")}
                )
                basic = base64.b64encode(
                    f"{provider.client_id}:{provider.client_secret}".encode()
                ).decode()
                if self.headers.get("Authorization") != f"Basic {basic}":
                    return self._json(401, {"error": "invalid_client"})
                asked = provider.codes.pop(form.get("code", ""), None)  # one use only
                if asked is None or form.get("grant_type") != "authorization_code":
                    return self._json(400, {"error": "invalid_grant"})
                if form.get("redirect_uri") != asked["redirect_uri"]:
                    return self._json(400, {"error": "invalid_grant", "why": "redirect_uri"})
                verifier = form.get("code_verifier", "")
                if b64url(hashlib.sha256(verifier.encode()).digest()) != asked["code_challenge"]:
                    return self._json(400, {"error": "invalid_grant", "why": "PKCE"})
                access = secrets.token_urlsafe(24)
                self._json(
                    200,
                    {
                        "access_token": access,
                        "token_type": "Bearer",
                        "expires_in": 300,
                        "id_token": provider.id_token(asked.get("nonce", ""), access),
                    },
                )

        return Handler
