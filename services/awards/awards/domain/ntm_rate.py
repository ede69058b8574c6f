"""P5: the NTM rate of a district, a cluster and the province at a date, and the district ranking.

The reading of P5 this service implements (DOMAIN.md P4, P5, U1, U4, U8):

- Counted communes: *xã* only (unit_type "rural_commune"). *Thị trấn* and *phường* are not NTM
  communes (U1: "NTM criteria and rates apply to xã"), neither in the numerator nor the denominator.
- Existing at D: effective_from <= D < effective_to (U8). A xã dissolved (merged) before D is not
  counted at D, recognised or not; a xã registered after D is not counted either.
- A xã belongs to the district named by its registry parent_code (U4: code + parent). The
  district_code carried by progress events is not used: the registry is the source of the tree.
- Recognised at D: among the commune's recognitions and revocations with effective_date <= D,
  the latest (by effective date, then by stream order) is a recognition (P4). "19/19 criteria
  met" is not a recognition. A revocation without an earlier recognition changes nothing.
- Rate = recognised xã / xã, both at D. A unit with no xã at D has rate None: it is not ranked
  (rank None) and is listed after all ranked districts, by code. (In the 2011 data every Lạng Sơn
  district has xã: TP Lạng Sơn has 5 phường and 3 xã.)
- Ranking: by rate descending, standard competition ranking ("1224"): equal rates share the
  best rank and the next rank skips. Rates are compared exactly as fractions (1/3 == 2/6), and
  tied districts are listed by code.
- Province: every xã existing at D whose parent is the province or one of its districts (the
  district need not exist at D: after a district is abolished its communes still count).

The awards and reporting services each hold this module (services never import each other):
the two copies must stay identical until it moves to a shared package.
"""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from .model import DISTRICT_LEVEL, RecognitionFact, Unit


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


def recognised_on(facts: Iterable[RecognitionFact], day: date) -> frozenset[str]:
    """P4: the communes whose latest recognition fact effective on or before `day` is a recognition."""
    latest: dict[str, RecognitionFact] = {}
    for fact in facts:
        if fact.effective_date > day:
            continue
        held = latest.get(fact.commune_code)
        if held is None or (fact.effective_date, fact.stream_order) > (held.effective_date, held.stream_order):
            latest[fact.commune_code] = fact
    return frozenset(code for code, fact in latest.items() if fact.recognised)


def rank_by_rate(rates: Sequence[UnitRate]) -> list[Ranked]:
    """P5 ranking: rate descending, competition ranking for ties ("1224"), ties by code; no xã last."""
    rated = sorted((r for r in rates if r.exact_rate is not None), key=lambda r: (-r.exact_rate, r.code))
    ranked: list[Ranked] = []
    for position, unit in enumerate(rated, start=1):
        tied_with_previous = ranked and ranked[-1].unit.exact_rate == unit.exact_rate
        ranked.append(Ranked(unit, ranked[-1].rank if tied_with_previous else position))
    unrated = sorted((r for r in rates if r.exact_rate is None), key=lambda r: r.code)
    return ranked + [Ranked(unit, None) for unit in unrated]


def rural_communes_on(units: Iterable[Unit], province_code: str, day: date) -> list[Unit]:
    """The xã of the province existing at `day`, by code (under one of its districts or directly)."""
    units = list(units)
    parents = {u.code: u.parent_code for u in units}
    return sorted(
        (
            u for u in units
            if u.is_rural_commune and u.exists_on(day)
            and (u.parent_code == province_code or parents.get(u.parent_code or "") == province_code)
        ),
        key=lambda u: u.code,
    )


@dataclass(frozen=True)
class ProvinceSnapshot:
    """The P5 figures of one province at one date: its xã, which are recognised, and the rates."""

    day: date
    communes: tuple[Unit, ...]
    recognised: frozenset[str]
    province: UnitRate
    districts: tuple[UnitRate, ...]

    def rate_of(self, code: str) -> UnitRate | None:
        if code == self.province.code:
            return self.province
        return next((d for d in self.districts if d.code == code), None)


def province_snapshot(
    units: Iterable[Unit], facts: Iterable[RecognitionFact], province_code: str, day: date
) -> ProvinceSnapshot:
    """P5 at `day`: every district of the province existing at `day`, and the province itself."""
    units = list(units)
    xa = rural_communes_on(units, province_code, day)
    recognised = recognised_on(facts, day) & {u.code for u in xa}
    xa_by_district: dict[str | None, list[Unit]] = {}
    for unit in xa:
        xa_by_district.setdefault(unit.parent_code, []).append(unit)

    def rate(code: str, name: str, members: list[Unit]) -> UnitRate:
        return UnitRate(code, name, len(members), sum(1 for u in members if u.code in recognised))

    districts = sorted(
        (u for u in units if u.level == DISTRICT_LEVEL and u.parent_code == province_code and u.exists_on(day)),
        key=lambda u: u.code,
    )
    province = next((u for u in units if u.code == province_code), None)
    return ProvinceSnapshot(
        day,
        tuple(xa),
        frozenset(recognised),
        rate(province_code, province.name if province else province_code, xa),
        tuple(rate(d.code, d.name, xa_by_district.get(d.code, [])) for d in districts),
    )
