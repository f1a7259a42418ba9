import re
from tests.integration.designer.conftest import sign_in, hx, draft_id_from


async def test_smoke(client, author):
    token = await sign_in(client, author)
    r = await client.post("/designer/templates", data={"_csrf_token": token, "name": "NDA"})
    d = draft_id_from(r.headers["location"])
    base = f"/designer/templates/{d}"
    r = await client.get(base + "/edit")
    assert r.status_code == 200, r.text
    r = await client.post(base + "/sections", data={"title": "Your details"}, headers=hx(token))
    assert r.status_code == 200, r.text
    print(r.headers.get("hx-trigger"))
    r = await client.post(
        base + "/fields", data={"component": "text", "section": "your_details"}, headers=hx(token)
    )
    assert r.status_code == 200, r.text
    r = await client.post(base + "/fields", data={"component": "select"}, headers=hx(token))
    assert r.status_code == 200, r.text
    r = await client.post(
        base + "/properties",
        data={
            "target": "field:short_text",
            "label": "Company name",
            "key": "short_text",
            "required": "on",
            "prefill_source": "",
        },
        headers=hx(token),
    )
    assert r.status_code == 200, r.text
    print(r.text[-800:])
    r = await client.post(
        base + "/rules", data={"target": "field:drop_down_list", "action": "add"}, headers=hx(token)
    )
    assert r.status_code == 200, r.text
    print(r.text[:1500])
    r = await client.post(
        base + "/rules",
        data={
            "target": "field:drop_down_list",
            "cond_field": "company_name",
            "cond_op": "eq",
            "cond_value": "Acme",
            "combinator": "all",
        },
        headers=hx(token),
    )
    assert r.status_code == 200, r.text
    print(r.headers.get("hx-trigger"))
    r = await client.get(base + "/edit?select=field:drop_down_list")
    assert r.status_code == 200, r.text
    open("/tmp/editor.html", "w").write(r.text)
    r = await client.post(
        base + "/undo", data={"select": "field:drop_down_list"}, headers=hx(token)
    )
    assert r.status_code == 200, r.text
    print(r.headers.get("hx-trigger"))
