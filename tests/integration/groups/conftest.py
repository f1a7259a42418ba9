"""A group for the tests: a parent with two subsidiaries (A and B), each with an API key."""

import uuid
from dataclasses import dataclass

from runtime.accounts.service import create_api_key
from runtime.organisations.service import create_organisation
from runtime.tables import Template
from tests.integration.conftest import Org


@dataclass
class Group:
    parent: Org
    a: Org
    b: Org
    parent_legal: str
    a_legal: str
    b_legal: str


async def make_group() -> Group:
    suffix = uuid.uuid4().hex[:6]
    parent = await create_organisation(
        f"Food Group {suffix}", legal_name=f"Food Group {suffix} Holdings plc"
    )
    orgs = {}
    for letter in ("A", "B"):
        orgs[letter] = await create_organisation(
            f"Distributor {letter} {suffix}",
            legal_name=f"Distributor {letter} {suffix} Sdn Bhd",
            parent=parent["id"],
        )

    async def keyed(made: dict) -> Org:
        return Org(made["id"], await create_api_key(made["id"], "tests"))

    return Group(
        parent=await keyed(parent),
        a=await keyed(orgs["A"]),
        b=await keyed(orgs["B"]),
        parent_legal=parent["legal_name"],
        a_legal=orgs["A"]["legal_name"],
        b_legal=orgs["B"]["legal_name"],
    )


async def share(template_id: str, send_as: str = "choice") -> None:
    await Template.update(
        {Template.shared_with_subsidiaries: True, Template.send_as: send_as}
    ).where(Template.id == uuid.UUID(template_id))
