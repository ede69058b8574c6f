"""P5: the NTM rate of a district, a cluster and the province at a date, and the ranking.

Readings (DOMAIN.md P4, P5, U1, U4, U8):

- Counted communes: xã only (unit_type "rural_commune" on the date asked). Thị trấn and phường
  are not NTM communes (U1), neither in the numerator nor the denominator.
- Existing at D, under the parent of D (hierarchy.py): a xã dissolved (merged) by D is not
  counted at D, recognised or not; one registered after D is not counted either.
- The district_code carried by progress events is not used: the registry is the source of the tree.
- Recognised at D: among the commune's recognitions and revocations effective on or before D
  (and recorded by K), the latest by (effective date, stream version) is a recognition (P4).
  "19/19 criteria met" is not a recognition. A revocation without an earlier recognition
  changes nothing.
- Rate = recognised xã / xã, both at D. A unit with no xã at D has rate None: it is not ranked
  (rank None) and is listed after all ranked units, by code.
- Ranking: rate descending, standard competition ranking ("1224"): equal rates share the best
  rank and the next rank skips. Rates are compared exactly as fractions (1/3 == 2/6); tied
  units are listed by code.
"""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from operator import attrgetter

from ..model import RecognitionFact, latest_per_key
from .hierarchy import Hierarchy


@dataclass(frozen=True)
class UnitRate:
    """Recognised xã over all xã of one unit at one date (P5)."""

    code: str
    name: str
    communes: int
    recognised: int

    @property
    def exact_rate(self) -> Fraction | None:
        return Fraction(self.recognised, self.communes) if self.communes else None

    @property
    def rate(self) -> float | None:
        return self.recognised / self.communes if self.communes else None


@dataclass(frozen=True)
class Ranked:
    """A unit's rate and its competition rank (None when it has no xã)."""

    unit: UnitRate
    rank: int | None


def p4_latest_recognitions(facts: Iterable[RecognitionFact], day: date,
                             known_at: datetime | None) -> dict[str, RecognitionFact]:
    """P4: per commune, the latest (effective date, stream version) fact effective by `day`, known at K."""
    return latest_per_key(facts, attrgetter("commune_code"), attrgetter("effective_date"), day, known_at)


def p4_recognised_on(facts: Iterable[RecognitionFact], day: date, known_at: datetime | None = None) -> frozenset[str]:
    """P4: the communes whose latest recognition fact at (day, known_at) is a recognition."""
    return frozenset(code for code, f in p4_latest_recognitions(facts, day, known_at).items() if f.recognised)


def rank_by_rate(rates: Sequence[UnitRate]) -> list[Ranked]:
    """P5 ranking: rate descending, competition ranking for ties ("1224"), ties by code; no xã last."""
    rated = sorted((r for r in rates if r.exact_rate is not None), key=lambda r: (-r.exact_rate, r.code))
    ranked: list[Ranked] = []
    for position, unit in enumerate(rated, start=1):
        tied_with_previous = ranked and ranked[-1].unit.exact_rate == unit.exact_rate
        ranked.append(Ranked(unit, ranked[-1].rank if tied_with_previous else position))
    unrated = sorted((r for r in rates if r.exact_rate is None), key=lambda r: r.code)
    return ranked + [Ranked(unit, None) for unit in unrated]


@dataclass(frozen=True)
class ProvinceSnapshot:
    """The P5 figures of one province at one date: its xã, which are recognised, and the rates."""

    day: date
    communes: tuple  # the xã of the province at D (UnitState), by code
    recognised: frozenset[str]
    province: UnitRate
    districts: tuple[UnitRate, ...]

    def rate_of(self, code: str) -> UnitRate | None:
        if code == self.province.code:
            return self.province
        return next((d for d in self.districts if d.code == code), None)


def province_snapshot(hierarchy: Hierarchy, recognised: frozenset[str], province_code: str) -> ProvinceSnapshot:
    """P5 at the hierarchy's date: every district of the province existing then, and the province.

    `recognised` is the set recognised at that date (p4_recognised_on); only its xã of D count.
    """
    xa = hierarchy.province_rural_communes(province_code)
    counted = frozenset(recognised & {u.code for u in xa})

    def rate(code: str, name: str, members: list) -> UnitRate:
        return UnitRate(code, name, len(members), sum(1 for u in members if u.code in counted))

    province = hierarchy.state(province_code)
    districts = hierarchy.districts_of(province_code)
    return ProvinceSnapshot(
        hierarchy.as_of,
        tuple(xa),
        counted,
        rate(province_code, province.name if province else province_code, xa),
        tuple(rate(d.code, d.name, hierarchy.rural_communes_of(d.code)) for d in districts),
    )
