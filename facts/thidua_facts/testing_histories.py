"""Random NTM event histories for property tests (hypothesis), and the facts and answers they give.

A history is a random interleaving of streams (a unit's changes, a commune's assessments and
recognitions, criteria sets, a cluster, targets, participants, pledges), each stream in its own order, recorded one hour
apart. Dates come from a few values, and single assessments from a few criteria, so that ties on the
effective date (broken by the stream version) are frequent. Only tests
import this module.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from contracts.progress import CommuneRecognised, CriteriaSetPublished, CriterionAssessed, Criterion
from contracts.progress import CriteriaAssessed, CriterionResult, RecognitionRevoked, TargetSet
from contracts.registry import ClusterFormed, ClusterMembershipChanged, UnitDissolved, UnitMoved
from contracts.registry import ParticipantRegistered, SupportPledged, UnitRegistered, UnitRenamed

from .domain.criteria import criteria_met_counts, p3_latest_assessments, near_standard
from .domain.ntm_rate import rank_by_rate
from .domain.standings import cluster_standings
from .model import (
    DISSOLVED, MOVED, REGISTERED, RENAMED, AssessmentFact, ClusterFact, CriteriaSetFact, CriterionInfo,
    ParticipantFact, PledgeFact, RecognitionFact, TargetFact, UnitChange, visible,
)
from .read_model import FactsAt
from .testing import T0, envelope

PROVINCE, DISTRICTS, COMMUNES = "20", ("101", "102"), ("a", "b", "c", "d", "e")
DAYS = (date(2011, 1, 1), date(2013, 1, 1), date(2014, 7, 1), date(2016, 1, 1), date(2017, 7, 1), date(2019, 1, 1))
ASK_DAYS = (date(2010, 12, 31), date(2013, 7, 1), date(2014, 12, 31), date(2017, 6, 30), date(2020, 12, 31))
CRITERIA_SET_DAYS = {"2009": date(2009, 4, 16), "2016": date(2016, 10, 17)}
COMMUNE_TYPES = ("rural_commune", "rural_commune", "township", "ward")
# U3/U6: a department, its subordinate unit and a business person; the pledges they may make.
PARTICIPANTS = (("s1", "department", None, None), ("s2", "subordinate_unit", "s1", None),
                ("p1", "business_person", None, "Số 1, phố Thử"))
PLEDGE_PAIRS = (("s1", "101"), ("s1", "102"), ("s2", "a"), ("s2", "b"))


@dataclass(frozen=True)
class Recorded:
    """One event of a history: its stream position and the time it was recorded."""

    event_type: str
    aggregate_id: str
    version: int
    payload: BaseModel
    recorded_at: datetime

    def envelope(self):
        return envelope(self.event_type, self.payload, self.aggregate_id, self.version, self.recorded_at)


def _criteria(set_id: str) -> list[Criterion]:
    groups = {1: "I", **dict.fromkeys(range(2, 10), "II"), **dict.fromkeys(range(10, 14), "III"),
              **dict.fromkeys(range(14, 18), "IV"), 18: "V", 19: "V"}
    return [Criterion(number=n, group=groups[n], name_vi=f"TC {n} ({set_id})", name_en=f"C{n}") for n in range(1, 20)]


@st.composite
def _unit_stream(draw, code: str) -> list[tuple[str, BaseModel]]:
    day = st.sampled_from(DAYS)
    stream: list[tuple[str, BaseModel]] = [("UnitRegistered", UnitRegistered(
        code=code, level="commune", unit_type=draw(st.sampled_from(COMMUNE_TYPES)), name=f"Xã {code}",
        parent_code=draw(st.sampled_from(DISTRICTS)), effective_from=draw(day), source="test"))]
    for kind in draw(st.lists(st.sampled_from(["rename", "move"]), max_size=3)):
        if kind == "rename":
            stream.append(("UnitRenamed", UnitRenamed(code=code, name=f"Xã {code} {len(stream)}", effective_date=draw(day),
                                                      unit_type=draw(st.sampled_from((None, *COMMUNE_TYPES))))))
        else:
            stream.append(("UnitMoved", UnitMoved(code=code, parent_code=draw(st.sampled_from(DISTRICTS)),
                                                  effective_date=draw(day))))
    if draw(st.booleans()):
        stream.append(("UnitDissolved", UnitDissolved(code=code, effective_to=draw(day), successor_code="a")))
    return stream


@st.composite
def _progress_stream(draw, code: str) -> list[tuple[str, BaseModel]]:
    day, sets = st.sampled_from(DAYS), st.sampled_from(("2009", "2016"))
    stream: list[tuple[str, BaseModel]] = []
    common = {"commune_code": code, "district_code": DISTRICTS[0]}
    for kind in draw(st.lists(st.sampled_from(["assess", "assess_all", "matrix", "recognise", "revoke"]),
                              max_size=5)):
        if kind == "assess":
            stream.append(("CriterionAssessed", CriterionAssessed(
                **common, criteria_set_id=draw(sets), criterion=draw(st.sampled_from((1, 2, 18, 19))), met=draw(st.booleans()),
                effective_date=draw(day))))
        elif kind == "assess_all":  # 16..19 criteria met at once: near standard and all met are reached
            met_up_to, on, set_id = draw(st.integers(16, 19)), draw(day), draw(sets)
            stream += [("CriterionAssessed", CriterionAssessed(**common, criteria_set_id=set_id, criterion=n,
                                                               met=n <= met_up_to, effective_date=on))
                       for n in range(1, 20)]
        elif kind == "matrix":  # a district's matrix: some criteria in one CriteriaAssessed (one version)
            criteria = draw(st.lists(st.sampled_from((1, 2, 17, 18, 19)), min_size=1, max_size=5, unique=True))
            stream.append(("CriteriaAssessed", CriteriaAssessed(
                **common, criteria_set_id=draw(sets), effective_date=draw(day),
                results=[CriterionResult(criterion=n, met=draw(st.booleans())) for n in criteria])))
        elif kind == "recognise":
            stream.append(("CommuneRecognised", CommuneRecognised(
                **common, criteria_set_id=draw(sets), decision_number=f"{len(stream)}/QĐ", effective_date=draw(day))))
        else:
            stream.append(("RecognitionRevoked", RecognitionRevoked(
                **common, decision_number=f"{len(stream)}/QĐ-TH", effective_date=draw(day))))
    return stream


@st.composite
def histories(draw) -> list[Recorded]:
    """A random history: every stream in order, the streams interleaved at random."""
    day = st.sampled_from(DAYS)
    streams: dict[str, list[tuple[str, BaseModel]]] = {
        PROVINCE: [("UnitRegistered", UnitRegistered(code=PROVINCE, level="province", unit_type="province",
                                                     name="Tỉnh Thử", parent_code=None, effective_from=DAYS[0],
                                                     source="test"))],
    }
    for d in DISTRICTS:
        streams[d] = [("UnitRegistered", UnitRegistered(code=d, level="district", unit_type="rural_district",
                                                        name=f"Huyện {d}", parent_code=PROVINCE,
                                                        effective_from=DAYS[0], source="test"))]
    if draw(st.booleans()):
        streams[DISTRICTS[1]].append(("UnitDissolved", UnitDissolved(code=DISTRICTS[1], effective_to=draw(day))))
    for code in COMMUNES:
        streams[code] = draw(_unit_stream(code))
        streams[f"progress:{code}"] = draw(_progress_stream(code))
    for set_id, since in CRITERIA_SET_DAYS.items():
        publications = draw(st.integers(0 if set_id == "2016" else 1, 2))
        streams[f"set:{set_id}"] = [("CriteriaSetPublished", CriteriaSetPublished(
            set_id=set_id, decision=f"{set_id} v{i}", effective_from=since, criteria=_criteria(set_id)))
            for i in range(publications)]
    members = st.lists(st.sampled_from(DISTRICTS), min_size=1, max_size=2, unique=True)
    streams["cluster:c1"] = [("ClusterFormed", ClusterFormed(code="c1", kind="cluster", name="Cụm một",
                                                             member_codes=draw(members), effective_from=draw(day)))]
    streams["cluster:c1"] += [("ClusterMembershipChanged", ClusterMembershipChanged(
        code="c1", member_codes=draw(members), effective_from=draw(day))) for _ in range(draw(st.integers(0, 2)))]
    streams["target:20-2015"] = [("TargetSet", TargetSet(unit_code=PROVINCE, year=2015, ntm_rate=draw(
        st.sampled_from((0.2, 0.25, 0.5))))) for _ in range(draw(st.integers(0, 2)))]
    streams["target:101-2020"] = [("TargetSet", TargetSet(unit_code="101", year=2020, ntm_rate=0.5))]
    for code, kind, parent, address in PARTICIPANTS:  # re-registrations too: the latest one wins
        streams[f"participant:{code}"] = [("ParticipantRegistered", ParticipantRegistered(
            code=code, kind=kind, name=f"{kind} {code} {i}", parent_code=parent, address=address,
            effective_from=draw(day))) for i in range(draw(st.integers(0, 2)))]
    for supporter, supported in PLEDGE_PAIRS:
        streams[f"pledge:{supporter}:{supported}"] = [("SupportPledged", SupportPledged(
            supporter_code=supporter, supported_code=supported, effective_from=draw(day)))
            for _ in range(draw(st.integers(0, 2)))]
    rng = draw(st.randoms(use_true_random=False))
    cursors = {name: 0 for name, events in streams.items() if events}
    history: list[Recorded] = []
    while cursors:
        name = rng.choice(sorted(cursors))
        position = cursors[name]
        event_type, payload = streams[name][position]
        cursors[name] = position + 1
        if cursors[name] == len(streams[name]):
            del cursors[name]
        history.append(Recorded(event_type, name.split(":", 1)[-1], position + 1, payload,
                                T0 + timedelta(hours=len(history))))
    return history


def known_ats(history: list[Recorded]) -> list[datetime | None]:
    """Times worth asking at: before anything, between events (half past), and everything (None)."""
    return [T0 - timedelta(minutes=30), *(r.recorded_at + timedelta(minutes=30) for r in history[::7]), None]


def as_facts(history: list[Recorded]) -> dict[str, list[Any]]:
    """The pure facts of a history, built from the payload models (independently of rows.py)."""
    facts: dict[str, list[Any]] = {k: [] for k in ("units", "assessments", "recognitions", "clusters", "sets",
                                                    "targets", "participants", "pledges")}
    for r in history:
        p, at, v = r.payload, r.recorded_at, r.version
        if isinstance(p, UnitRegistered):
            facts["units"].append(UnitChange(p.code, REGISTERED, p.effective_from, v, at, p.level, p.unit_type, p.name,
                                             p.parent_code))
        elif isinstance(p, UnitRenamed):
            facts["units"].append(UnitChange(p.code, RENAMED, p.effective_date, v, at, unit_type=p.unit_type,
                                             name=p.name))
        elif isinstance(p, UnitMoved):
            facts["units"].append(UnitChange(p.code, MOVED, p.effective_date, v, at, parent_code=p.parent_code))
        elif isinstance(p, UnitDissolved):
            facts["units"].append(UnitChange(p.code, DISSOLVED, p.effective_to, v, at, successor_code=p.successor_code,
                                             successor_codes=tuple(p.successor_codes or ())))
        elif isinstance(p, CriterionAssessed):
            facts["assessments"].append(AssessmentFact(p.commune_code, p.criterion, p.effective_date, v, at, p.met,
                                                       p.criteria_set_id, p.evidence))
        elif isinstance(p, CriteriaAssessed):
            facts["assessments"] += [AssessmentFact(p.commune_code, r.criterion, p.effective_date, v, at, r.met,
                                                    p.criteria_set_id, r.evidence) for r in p.results]
        elif isinstance(p, (CommuneRecognised, RecognitionRevoked)):
            recognised = isinstance(p, CommuneRecognised)
            facts["recognitions"].append(RecognitionFact(p.commune_code, p.effective_date, v, at, recognised,
                                                         p.decision_number, p.criteria_set_id if recognised else None))
        elif isinstance(p, (ClusterFormed, ClusterMembershipChanged)):
            formed = isinstance(p, ClusterFormed)
            facts["clusters"].append(ClusterFact(p.code, p.effective_from, v, at, tuple(p.member_codes),
                                                 p.kind if formed else None, p.name if formed else None))
        elif isinstance(p, CriteriaSetPublished):
            facts["sets"].append(CriteriaSetFact(p.set_id, v, at, p.decision, p.effective_from, tuple(
                CriterionInfo(c.number, c.group, c.name_vi, c.name_en) for c in p.criteria)))
        elif isinstance(p, TargetSet):
            facts["targets"].append(TargetFact(p.unit_code, p.year, p.ntm_rate, v, at))
        elif isinstance(p, ParticipantRegistered):
            facts["participants"].append(ParticipantFact(p.code, p.kind, p.name, p.parent_code, p.address,
                                                         p.effective_from, v, at))
        elif isinstance(p, SupportPledged):
            facts["pledges"].append(PledgeFact(p.supporter_code, p.supported_code, p.effective_from, v, at))
    return facts


def pure_facts_at(history: list[Recorded], as_of: date, known_at: datetime | None) -> FactsAt:
    """What load_facts reads for the province, computed in memory from the whole history."""
    f = as_facts(history)
    facts = FactsAt(as_of, known_at, tuple(f["units"]), tuple(f["recognitions"]), tuple(f["clusters"]),
                    tuple(f["sets"]), tuple(f["targets"]))
    xa = {u.code for u in facts.hierarchy().province_rural_communes(PROVINCE)}
    latest = p3_latest_assessments((a for a in f["assessments"] if a.commune_code in xa), as_of, known_at)
    # load_facts reads the registrations and pledges effective by as_of, recorded by known_at.
    participants = tuple(p for p in f["participants"] if p.effective_from <= as_of and visible(p.recorded_at, known_at))
    pledges = tuple(p for p in f["pledges"] if p.effective_from <= as_of and visible(p.recorded_at, known_at))
    return FactsAt(as_of, known_at, facts.unit_changes, facts.recognitions, facts.clusters, facts.criteria_sets,
                   facts.targets, latest, participants, pledges)


def answers(facts: FactsAt) -> dict[str, Any]:
    """Every figure the services show at the facts' (as_of, known_at), in comparable form."""
    snapshot = facts.snapshot(PROVINCE)
    hierarchy = facts.hierarchy()
    met = facts.criteria_met()
    counts = criteria_met_counts(snapshot.communes, met)
    in_force = facts.set_in_force()
    return {
        "units": {c: (s.unit_type, s.name, s.parent_code, s.effective_from, s.effective_to)
                  for c in (PROVINCE, *DISTRICTS, *COMMUNES) if (s := hierarchy.state(c)) is not None},
        "province": snapshot.province, "districts": snapshot.districts, "recognised": snapshot.recognised,
        "ranking": rank_by_rate(snapshot.districts),
        "latest": {k: (a.met, a.criteria_set_id, a.effective_date, a.stream_version, a.recorded_at)
                   for k, a in facts.assessments.items()},
        "set_in_force": (in_force.set_id, in_force.decision, in_force.stream_version) if in_force else None,
        "criteria_met": met, "counts": counts,
        "near_standard": near_standard(snapshot.communes, counts, snapshot.recognised),
        "clusters": cluster_standings(facts.clusters_in_force(), snapshot),
        "targets": facts.target_progress(),
        "participants": facts.participants_on(), "pledges": facts.pledges_on(),
        "participants_2013": facts.participants_on(min(facts.as_of, DAYS[1])),
    }
