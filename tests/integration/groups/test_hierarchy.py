"""runtime/organisations/hierarchy.py: who is above and below whom, what an organisation
sees, whose name an envelope shows, and a cycle in the data does not loop."""

import uuid

from litestar.testing import AsyncTestClient

from runtime.organisations import hierarchy
from runtime.organisations.service import create_organisation
from runtime.tables import Organisation


async def test_ancestors_subsidiaries_and_visibility(client: AsyncTestClient) -> None:
    s = uuid.uuid4().hex[:6]
    top = (await create_organisation(f"Top {s}", legal_name=f"Top {s} plc"))["id"]
    mid = (await create_organisation(f"Mid {s}", parent=top))["id"]
    leaf = (await create_organisation(f"Leaf {s}", parent=mid))["id"]
    sibling = (await create_organisation(f"Sibling {s}", parent=top))["id"]

    assert await hierarchy.ancestors(leaf) == [mid, top]
    assert await hierarchy.ancestors(top) == []
    assert set(await hierarchy.subsidiaries(top)) == {mid, leaf, sibling}
    assert (await hierarchy.organisations_visible_to(mid)) == [mid, leaf]
    assert await hierarchy.can_see(top, leaf) and await hierarchy.can_see(mid, mid)
    assert not await hierarchy.can_see(mid, sibling) and not await hierarchy.can_see(leaf, mid)

    assert await hierarchy.legal_name(top) == f"Top {s} plc"
    assert await hierarchy.legal_name(mid) == f"Mid {s}"  # empty legal name: the name
    assert hierarchy.presenting_organisation_id({"organisation": leaf, "sent_as": None}) == leaf
    assert hierarchy.presenting_organisation_id({"organisation": leaf, "sent_as": top}) == top

    # a cycle written straight into the database stops instead of looping
    await Organisation.update({Organisation.parent: leaf}).where(Organisation.id == top)
    assert await hierarchy.ancestors(leaf) == [mid, top]
    assert set(await hierarchy.subsidiaries(top)) == {mid, leaf, sibling}
    await Organisation.update({Organisation.parent: None}).where(Organisation.id == top)
