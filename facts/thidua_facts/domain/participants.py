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
from operator import attrgetter

from ..model import ParticipantFact, PledgeFact, latest_per_key

_FROM = attrgetter("effective_from")


def u3_participants_on(facts: Iterable[ParticipantFact], day: date,
                       known_at: datetime | None) -> dict[str, ParticipantFact]:
    """The participants registered at (day, known_at), by code; the latest registration wins."""
    return latest_per_key(facts, attrgetter("code"), _FROM, day, known_at)


def u6_pledges_on(facts: Iterable[PledgeFact], day: date, known_at: datetime | None) -> list[PledgeFact]:
    """The pledges in force at (day, known_at), one per (supporter, supported): its first pledge."""
    first = latest_per_key(facts, attrgetter("supporter_code", "supported_code"), _FROM, day, known_at, earliest=True)
    return [first[pair] for pair in sorted(first)]
