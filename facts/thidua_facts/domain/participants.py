"""U3 participants and U6 support pledges at (D, K); pure.

Readings (also in facts/README.md):
- U3 (`u3_participants_on`): a participant is registered at (D, K) when one of its registrations
  is effective by D (effective_from <= D) and recorded by K. A code registered more than once:
  the latest registration by (effective_from, stream version) among those wins (its kind, name,
  parent and address), as every other fact of this package is ordered.
- U6 (`u6_pledges_on`): the pledges effective by D and recorded by K. A pledge has no end (no
  event withdraws one); a (supporter, supported) pair pledged more than once is listed once, with
  its first pledge by (effective_from, stream version): the day the support began. Listed by
  (supporter, supported).
"""
from collections.abc import Iterable
from datetime import date, datetime

from ..model import ParticipantFact, PledgeFact, visible


def u3_participants_on(facts: Iterable[ParticipantFact], day: date,
                       known_at: datetime | None) -> dict[str, ParticipantFact]:
    """The participants registered at (day, known_at), by code; the latest registration wins."""
    latest: dict[str, ParticipantFact] = {}
    for fact in facts:
        if fact.effective_from > day or not visible(fact.recorded_at, known_at):
            continue
        held = latest.get(fact.code)
        if held is None or (fact.effective_from, fact.stream_version) > (held.effective_from, held.stream_version):
            latest[fact.code] = fact
    return latest


def u6_pledges_on(facts: Iterable[PledgeFact], day: date, known_at: datetime | None) -> list[PledgeFact]:
    """The pledges in force at (day, known_at), one per (supporter, supported): its first pledge."""
    first: dict[tuple[str, str], PledgeFact] = {}
    for fact in facts:
        if fact.effective_from > day or not visible(fact.recorded_at, known_at):
            continue
        pair = (fact.supporter_code, fact.supported_code)
        held = first.get(pair)
        if held is None or (fact.effective_from, fact.stream_version) < (held.effective_from, held.stream_version):
            first[pair] = fact
    return [first[pair] for pair in sorted(first)]
