"""A realistic 2011-2020 history of Lạng Sơn through the shared read model, against figures this
test computes on its own from the plan it generated.

Real units: the pre-2025 set of `vietnamadminunits` (11 district-level units, 175 xã, 14 thị trấn,
5 phường). That set is the one after the 2019-2020 mergers, so the communes merged away are
synthetic: for 12 real xã, a neighbour with the real code + 1 (off Lạng Sơn's 05971 + 3k grid, so
it cannot collide) exists from 2011 and is merged into it on 1 Jan 2020 (U8: 2015 figures count
2015's communes). Assessments and recognitions are synthetic and seeded: the 2009 set until the
2016 set takes effect on 17 Oct 2016, after which communes are re-assessed under the new set.
"""
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

from vietnamadminunits.database import query

from contracts.progress import CommuneRecognised, CriteriaSetPublished, CriterionAssessed, Criterion
from contracts.progress import RecognitionRevoked
from contracts.registry import UnitDissolved, UnitRegistered
from thidua_facts.projection import NtmFacts
from thidua_facts.read_model import load_facts
from thidua_facts.testing import envelope, light

VN = timezone(timedelta(hours=7))
START, SET_2016 = date(2011, 1, 1), date(2016, 10, 17)
MERGER = date(2020, 1, 1)
TYPES = {"Xã": "rural_commune", "Thị trấn": "township", "Phường": "ward", "Thành phố": "city", "Huyện": "rural_district"}
ISSUED_2015 = datetime(2016, 1, 10, 9, tzinfo=VN)  # the 2015 summary report was issued then


def recorded(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(9), tzinfo=VN)  # entered the day after


class Plan:
    """The synthetic history, and the answers computed from it directly."""

    def __init__(self, seed: int = 2011) -> None:
        rows = query("SELECT districtCode, district, districtType, wardCode, ward, wardType FROM admin_units_legacy"
                     " WHERE provinceCode = '20' ORDER BY wardCode")
        rng = random.Random(seed)
        self.districts = {r["districtCode"]: (r["district"], TYPES[r["districtType"]]) for r in rows}
        self.communes = {r["wardCode"]: (r["ward"], TYPES[r["wardType"]], r["districtCode"]) for r in rows}
        real_xa = sorted(c for c, (_, t, _) in self.communes.items() if t == "rural_commune")
        self.merged = {f"{int(c) + 1:05d}": c for c in rng.sample(real_xa, 12)}  # absorbed → absorbing
        for absorbed, into in self.merged.items():
            self.communes[absorbed] = (f"Xã Cũ {absorbed}", "rural_commune", self.communes[into][2])
        self.xa = sorted(c for c, (_, t, _) in self.communes.items() if t == "rural_commune")
        self.assessments: dict[str, list[tuple[date, str, int, bool]]] = defaultdict(list)
        self.decisions: dict[str, list[tuple[date, bool, datetime]]] = defaultdict(list)
        for code in self.xa:
            self._commune(code, rng)

    def _commune(self, code: str, rng: random.Random) -> None:
        first = date(2013, 1, 1) + timedelta(days=rng.randrange(900))
        met_2009 = rng.choice([19, 19, 18, 17, 15, 12])
        self.assessments[code] += [(first, "2009", n, n <= met_2009) for n in range(1, 20)]
        if met_2009 == 19 and rng.random() < 0.8:
            self.decisions[code].append((first + timedelta(days=60), True, recorded(first + timedelta(days=60))))
            if rng.random() < 0.1:  # revoked in 2015, entered only in 2017: not in the report issued in 2016
                self.decisions[code].append((date(2015, 9, 1), False, datetime(2017, 3, 1, 9, tzinfo=VN)))
        if code in self.merged:
            return  # merged away in 2020 before any re-assessment under the 2016 set
        second = date(2017, 1, 1) + timedelta(days=rng.randrange(1000))
        met_2016 = rng.choice([19, 19, 18, 16, 10])
        self.assessments[code] += [(second, "2016", n, n <= met_2016) for n in range(1, 20)]
        recognised = any(ok for _, ok, _ in self.decisions[code][-1:])
        if met_2016 == 19 and not recognised:
            self.decisions[code].append((second + timedelta(days=30), True, recorded(second + timedelta(days=30))))

    def events(self) -> list:
        out = [envelope("UnitRegistered", UnitRegistered(code="20", level="province", unit_type="province",
                                                         name="Tỉnh Lạng Sơn", parent_code=None, effective_from=START,
                                                         source="test"), "20", 1, recorded(START))]
        out += [envelope("UnitRegistered", UnitRegistered(code=d, level="district", unit_type=t, name=n, parent_code="20",
                                                          effective_from=START, source="test"), d, 1, recorded(START))
                for d, (n, t) in self.districts.items()]
        for code, (name, kind, district) in self.communes.items():
            out.append(envelope("UnitRegistered", UnitRegistered(code=code, level="commune", unit_type=kind, name=name,
                                                                 parent_code=district, effective_from=START,
                                                                 source="test"), code, 1, recorded(START)))
            if code in self.merged:
                out.append(envelope("UnitDissolved", UnitDissolved(code=code, effective_to=MERGER,
                                                                   successor_code=self.merged[code]),
                                    code, 2, recorded(MERGER)))
        for set_id, since in (("2009", date(2009, 4, 16)), ("2016", SET_2016)):
            criteria = [Criterion(number=n, group="I" if n == 1 else "II", name_vi=f"Tiêu chí {n}", name_en=f"C{n}")
                        for n in range(1, 20)]
            out.append(envelope("CriteriaSetPublished", CriteriaSetPublished(
                set_id=set_id, decision=set_id, effective_from=since, criteria=criteria), set_id, 1,
                recorded(START) if set_id == "2009" else recorded(since)))
        for code in self.xa:
            district, version = self.communes[code][2], 0
            stream = [(day, "a", (set_id, n, met), recorded(day)) for day, set_id, n, met in self.assessments[code]]
            stream += [(day, "d", ok, at) for day, ok, at in self.decisions[code]]
            for day, kind, what, at in sorted(stream, key=lambda s: s[3]):  # a stream is in recording order
                version += 1
                if kind == "a":
                    set_id, n, met = what
                    payload = CriterionAssessed(commune_code=code, district_code=district, criteria_set_id=set_id,
                                                criterion=n, met=met, effective_date=day)
                elif what:
                    payload = CommuneRecognised(commune_code=code, district_code=district, criteria_set_id="2009",
                                                decision_number=f"{version}/QĐ", effective_date=day)
                else:
                    payload = RecognitionRevoked(commune_code=code, district_code=district,
                                                 decision_number=f"{version}/QĐ-TH", effective_date=day)
                out.append(envelope(type(payload).__name__, payload, code, version, at))
        return out

    # The independent answers ------------------------------------------------------------------

    def xa_on(self, day: date) -> list[str]:
        return [c for c in self.xa if not (c in self.merged and day >= MERGER)]

    def recognised_on(self, code: str, day: date, known_at: datetime | None) -> bool:
        known = [(d, ok) for d, ok, at in self.decisions[code] if d <= day and (known_at is None or at <= known_at)]
        return bool(known) and max(known)[1]  # decisions of one commune never share a date here

    def rates(self, day: date, known_at: datetime | None = None) -> dict[str, tuple[int, int]]:
        by_district: dict[str, list[str]] = defaultdict(list)
        for c in self.xa_on(day):
            by_district[self.communes[c][2]].append(c)
        result = {d: (sum(self.recognised_on(c, day, known_at) for c in cs), len(cs)) for d, cs in by_district.items()}
        result["20"] = (sum(r for r, _ in result.values()), sum(n for _, n in result.values()))
        return result

    def criteria_met(self, day: date, set_id: str) -> int:
        total = 0
        for c in self.xa_on(day):
            latest: dict[int, tuple[date, str, bool]] = {}
            for d, s, n, met in self.assessments[c]:
                if d <= day and (n not in latest or d >= latest[n][0]):
                    latest[n] = (d, s, met)
            total += sum(1 for d, s, met in latest.values() if met and s == set_id)
        return total


def figures(facts) -> dict[str, tuple[int, int]]:
    snapshot = facts.snapshot("20")
    return {"20": (snapshot.province.recognised, snapshot.province.communes),
            **{d.code: (d.recognised, d.communes) for d in snapshot.districts if d.communes}}


async def test_lang_son_2011_2020_rates_and_criteria_match_the_figures_computed_from_the_plan(fresh_schema):
    plan = Plan()
    pool = await fresh_schema("langson")
    events = [light(e) for e in plan.events()]
    projection = NtmFacts()
    for start in range(0, len(events), 2000):
        async with pool.acquire() as conn, conn.transaction():
            await projection.write(conn, projection.prepare(events[start:start + 2000]))

    end_2015 = await load_facts(pool, date(2015, 12, 31), None, "20")
    assert figures(end_2015) == plan.rates(date(2015, 12, 31))
    assert end_2015.snapshot("20").province.communes == 175 + 12  # 2015's xã, merged ones included
    assert len(end_2015.criteria_met()) == plan.criteria_met(date(2015, 12, 31), "2009")

    as_issued = await load_facts(pool, date(2015, 12, 31), ISSUED_2015, "20")
    assert figures(as_issued) == plan.rates(date(2015, 12, 31), ISSUED_2015)
    late_revocations = sum(1 for ds in plan.decisions.values() for _, ok, at in ds if not ok)
    assert figures(as_issued)["20"][0] - figures(end_2015)["20"][0] == late_revocations > 0

    end_2020 = await load_facts(pool, date(2020, 12, 31), None, "20")
    assert figures(end_2020) == plan.rates(date(2020, 12, 31))
    assert end_2020.snapshot("20").province.communes == 175
    assert end_2020.set_in_force().set_id == "2016"
    assert len(end_2020.criteria_met()) == plan.criteria_met(date(2020, 12, 31), "2016")
    assert len(end_2020.hierarchy().districts_of("20")) == 11
