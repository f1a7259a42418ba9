"""Designer fixtures: an author in a fresh organisation, signed in through the login form."""

import re
import uuid
from dataclasses import dataclass

import pytest
from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from designer.tables import LoginAttempt
from runtime.accounts.service import ensure_organisation
from tests.integration.conftest import csrf_from

PASSWORD = "correct horse battery staple"
HX = {"HX-Request": "true"}


@dataclass
class Author:
    email: str
    password: str
    organisation_id: uuid.UUID


async def make_author(organisation_id: uuid.UUID | None = None) -> Author:
    org = organisation_id or await ensure_organisation(f"Designer org {uuid.uuid4().hex[:8]}")
    email = f"author-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(org, email, PASSWORD, name="Test Author")
    return Author(email, PASSWORD, org)


@pytest.fixture(autouse=True)
async def fresh_login_attempts(client: AsyncTestClient) -> None:
    """Every test client shares one address: start each test with no failed sign-ins."""
    await LoginAttempt.delete(force=True)


@pytest.fixture
async def author(client: AsyncTestClient) -> Author:
    return await make_author()


async def sign_in(client: AsyncTestClient, author: Author) -> str:
    """Log in through the form like a browser; returns the CSRF token for later posts."""
    page = await client.get("/designer/login")
    token = csrf_from(page.text)
    response = await client.post(
        "/designer/login",
        data={"_csrf_token": token, "email": author.email, "password": author.password},
    )
    assert response.status_code == 303, response.text
    return token


@pytest.fixture
async def signed_in(client: AsyncTestClient, author: Author) -> str:
    return await sign_in(client, author)


def hx(token: str, revision: int | None = None) -> dict[str, str]:
    headers = {**HX, "x-csrftoken": token}
    if revision is not None:
        headers["X-Draft-Revision"] = str(revision)
    return headers


def draft_id_from(location: str) -> str:
    match = re.search(r"/designer/templates/([0-9a-f-]{36})/edit", location)
    assert match, location
    return match.group(1)
