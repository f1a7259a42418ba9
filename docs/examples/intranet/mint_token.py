"""Mint the short-lived JWT an intranet page hands to formseal's embed (HS256).

    python mint_token.py --secret="$FORMSEAL_EMBED_SECRET" --issuer https://intranet.example.com/sso \\
        --sub u-1001 --email kim@example.com --name "Kim Lee"

In production this runs on the intranet's server, right after the person signed in there;
the secret comes from the designer's Embedding screen or the answer of the
`PUT /api/v1/organisation/embedding` that created or rotated it (shown once, either way:
a later GET only says how it ends), and never reaches a browser.
Needs python-jose (`pip install python-jose`).
"""

import argparse
import time

from jose import jwt


def mint(
    secret: str,
    issuer: str,
    sub: str,
    email: str,
    name: str,
    audience: str = "formseal",
    lifetime: int = 300,
) -> str:
    now = int(time.time())
    claims = {
        "iss": issuer,
        "aud": audience,
        "sub": sub,
        "email": email,
        "name": name,
        "iat": now,
        "exp": now + lifetime,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--secret", required=True)
    parser.add_argument("--issuer", required=True)
    parser.add_argument("--sub", required=True)
    parser.add_argument("--email", default="")
    parser.add_argument("--name", default="")
    parser.add_argument("--audience", default="formseal")
    args = parser.parse_args()
    print(mint(args.secret, args.issuer, args.sub, args.email, args.name, args.audience))
