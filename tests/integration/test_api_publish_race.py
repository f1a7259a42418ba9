"""Two publishes of one template at the same moment (two deploy jobs, a job and the
designer): on PostgreSQL both read version N and both saved a version N+1, so the
template had two versions with one number. Now one wins and the other is a 409 that says
so, declared in /schema. The second publish is made to run between the first one's read
and its write."""

import json

import pytest
from litestar.testing import AsyncTestClient

from runtime.tables import Template, TemplateVersion
from runtime.templates import service
from tests.integration.conftest import Org, demo_definition, import_template


async def test_a_publish_that_meets_another_is_a_409(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = await import_template(client, org)
    read_latest = service._latest_sha256

    async def published_meanwhile(row: Template) -> str | None:
        sha = await read_latest(row)
        await TemplateVersion(template=row.id, number=2, definition={}, sha256="x" * 64).save()
        await Template.update({Template.latest_version: 2}).where(Template.id == row.id)
        return sha

    monkeypatch.setattr(service, "_latest_sha256", published_meanwhile)
    changed = {**demo_definition(), "name": "Service agreement (2027)"}
    answer = await client.post(
        f"/api/v1/templates/{template['id']}/publish",
        headers={**org.auth, "Content-Type": "application/json"},
        content=json.dumps(changed),
    )
    assert answer.status_code == 409, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert "published by another request at the same moment" in answer.json()["detail"]
    numbers = await TemplateVersion.select(TemplateVersion.number).where(
        TemplateVersion.template == template["id"]
    )
    assert sorted(n["number"] for n in numbers) == [1]  # all rolled back, nothing doubled

    schema = (await client.get("/schema/openapi.json")).json()
    publish = schema["paths"]["/api/v1/templates/{template_id}/publish"]["post"]
    assert "same moment" in publish["responses"]["409"]["description"]
