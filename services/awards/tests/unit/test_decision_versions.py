"""NominationDecided v2 (contracts.awards): awards writes v2, and a round whose log still holds
v1 decisions (written before v2) folds, through the shared upcaster, to the same state."""
from thidua_kernel.upcasting import current_version

from awards.loading import load_round

NEW_IN_V2 = ("round_code", "award_kind", "nominee_code")


def as_written_by_v1(envelope):
    """The same decision as the awards service wrote it before version 2."""
    payload = {k: v for k, v in envelope.payload.items() if k not in NEW_IN_V2}
    return envelope.model_copy(update={"schema_version": 1, "payload": payload})


async def test_decisions_are_written_at_v2_and_v1_ones_fold_to_the_same_round(world):
    approved = (await world.submit("co-huyen", "185", "20"))["nomination_id"]
    rejected = (await world.submit("gk-huyen", "a3", "180", world.district_180))["nomination_id"]
    await world.through(approved)
    await world.decide(approved)
    await world.through(rejected, actor=world.district_180)
    await world.decide(rejected, "rejected", actor=world.district_180)
    [first, second] = world.events("NominationDecided")
    assert current_version("NominationDecided") == 2
    assert {(e.schema_version, e.payload["award_kind"], e.payload["nominee_code"], e.payload["round_code"])
            for e in (first, second)} == {(2, "co-huyen", "185", "2016"), (2, "gk-huyen", "a3", "2016")}
    all_v2 = await load_round(world.deps, "2016")

    world.store.events = [as_written_by_v1(e) if e is first else e for e in world.store.events]
    mixed = await load_round(world.deps, "2016")

    assert "award_kind" not in world.events("NominationDecided")[0].payload  # the log really holds a v1
    assert mixed == all_v2
    assert mixed.nominations[approved].status == "approved" and mixed.nominations[rejected].status == "rejected"
