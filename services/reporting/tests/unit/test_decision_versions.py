"""The award rows of a log holding NominationDecided v1 and v2 equal those of the same log all at
v2: the reporting projection reads older versions through the shared upcaster."""
from thidua_facts.testing import light

from reporting.award_rows import award_rows
from reporting.award_testing import award_events

NEW_IN_V2 = ("round_code", "award_kind", "nominee_code")


def as_written_by_v1(envelope):
    payload = {k: v for k, v in envelope.payload.items() if k not in NEW_IN_V2}
    return envelope.model_copy(update={"schema_version": 1, "payload": payload})


def test_a_log_of_v1_and_v2_decisions_gives_the_rows_of_the_all_v2_log():
    all_v2 = award_events()
    decisions = [e for e in all_v2 if e.event_type == "NominationDecided"]
    assert len(decisions) >= 2 and {e.schema_version for e in decisions} == {2}
    older = {decisions[0].event_id, decisions[-1].event_id}
    mixed = [as_written_by_v1(e) if e.event_id in older else e for e in all_v2]
    assert sorted(e.schema_version for e in mixed if e.event_type == "NominationDecided") == [1, 1] + [2] * (
        len(decisions) - 2)

    assert award_rows([light(e) for e in mixed]) == award_rows([light(e) for e in all_v2])
    assert award_rows(mixed) == award_rows(all_v2)  # the pydantic envelopes, read the same way
