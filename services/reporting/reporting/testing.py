"""A small province worked out by hand, for the programme sections' tests (unit and PostgreSQL):
the registry events, and the same events read the pure way (rows → facts). No pytest here, and
nothing imports this module at run time.

Province 20; districts 180 and 181. Under 180: xã a, b, c and thị trấn t; under 181: xã d, e
(e merged away from 2020-01-01) and phường w. Participants: departments SNN (pledges 180) and
SGT (pledges nothing), subordinate units CC (a, t) and TT (d, e) of SNN, an enterprise DN placed
under no unit, and OUT, a department of another province (21).
"""
from datetime import date, datetime, time, timedelta, timezone

from contracts.envelope import EventEnvelope
from contracts.registry import (
    MovementRegistered,
    ParticipantRegistered,
    PilotDesignated,
    PlanDue,
    PlanSubmitted,
    SupportPledged,
    UnitDissolved,
    UnitRegistered,
)
from thidua_facts.model import UnitChange
from thidua_facts.testing import dissolved, envelope, registered

from .domain.programme import (
    MovementFact,
    ParticipantFact,
    PilotFact,
    PlanDueFact,
    PlanSubmittedFact,
    PledgeFact,
    ProgrammeAt,
)
from .programme_rows import programme_rows

VN = timezone(timedelta(hours=7))
START = date(2011, 1, 1)
MERGED = date(2020, 1, 1)  # e ceases to exist (merged into d)
LATE_PILOT = datetime(2013, 3, 1, 9, tzinfo=VN)  # when 180's second pilot xã c was finally entered
DEADLINE_MOVED = datetime(2012, 4, 10, 9, tzinfo=VN)  # when KH-SGT's deadline was moved to 30 April

UNITS = (  # code, unit_type, parent, name
    ("20", "province", None, "Tỉnh Thử"), ("21", "province", None, "Tỉnh Khác"),
    ("180", "rural_district", "20", "Huyện Tràng Định"), ("181", "rural_district", "20", "Huyện Bình Gia"),
    ("a", "rural_commune", "180", "Xã Chi Lăng"), ("b", "rural_commune", "180", "Xã Đề Thám"),
    ("c", "rural_commune", "180", "Xã Hùng Sơn"), ("t", "township", "180", "Thị trấn Thất Khê"),
    ("d", "rural_commune", "181", "Xã Hoàng Văn Thụ"), ("e", "rural_commune", "181", "Xã Tô Hiệu"),
    ("w", "ward", "181", "Phường Chi Lăng"),
)
LEVEL = {"province": "province", "rural_district": "district"}


def at(day: date) -> datetime:
    """Recorded at noon of its effective day, Vietnam time (a clerk enters facts as they happen)."""
    return datetime.combine(day, time(12), tzinfo=VN)


def unit_changes() -> list[UnitChange]:
    changes = [registered(code, kind, parent, name=name) for code, kind, parent, name in UNITS]
    return changes + [dissolved("e", MERGED, 2, at(MERGED), successor="d")]


def unit_events() -> list[EventEnvelope]:
    events = [envelope("UnitRegistered", UnitRegistered(
        code=code, level=LEVEL.get(kind, "commune"), unit_type=kind, name=name, parent_code=parent,
        effective_from=START, source="test"), code, 1, at(START)) for code, kind, parent, name in UNITS]
    return events + [envelope("UnitDissolved", UnitDissolved(code="e", effective_to=MERGED, successor_code="d"),
                              "e", 2, at(MERGED))]


def _participants() -> list[EventEnvelope]:
    people = (("SNN", "department", "Sở Nông nghiệp", "20"), ("SGT", "department", "Sở Giao thông", "20"),
              ("CC", "subordinate_unit", "Chi cục Phát triển nông thôn", "SNN"),
              ("TT", "subordinate_unit", "Trung tâm Khuyến nông", "SNN"),
              ("DN", "enterprise", "Công ty Thử", None), ("OUT", "department", "Sở của tỉnh khác", "21"))
    return [envelope("ParticipantRegistered", ParticipantRegistered(
        code=code, kind=kind, name=name, parent_code=parent, effective_from=START), code, 1, at(START))
        for code, kind, name, parent in people]


def _pilots() -> list[EventEnvelope]:
    designations = (("province", "180", "20", date(2011, 12, 16)), ("province", "a", "20", date(2011, 12, 16)),
                    ("province", "e", "20", date(2011, 12, 16)), ("district", "b", "180", date(2012, 1, 15)),
                    ("district", "c", "180", date(2012, 1, 15)), ("district", "d", "181", date(2012, 1, 15)))
    return [envelope("PilotDesignated", PilotDesignated(unit_code=unit, level=level, designated_by=by,
                                                        effective_from=day),
                     f"{level}:{unit}", 1, LATE_PILOT if unit == "c" else at(day),
                     document_number="108/KH-UBND" if level == "province" else None)
            for level, unit, by, day in designations]


def _pledges() -> list[EventEnvelope]:
    pledges = (("SNN", "180", date(2012, 1, 1)), ("CC", "a", date(2012, 1, 1)), ("CC", "t", date(2012, 1, 1)),
               ("TT", "d", date(2012, 1, 1)), ("TT", "e", date(2012, 1, 1)), ("OUT", "180", date(2012, 1, 1)),
               ("SGT", "181", date(2013, 1, 1)))  # SGT pledges only from 2013
    return [envelope("SupportPledged", SupportPledged(supporter_code=s, supported_code=u, effective_from=day),
                     f"{s}:{u}", 1, at(day)) for s, u, day in pledges]


def _plans() -> list[EventEnvelope]:
    due = lambda code, owner, day, v=1, when=None: envelope(  # noqa: E731
        "PlanDue", PlanDue(plan_code=code, owner_code=owner, title=f"Kế hoạch {owner}", due_date=day),
        code, v, when or at(date(2012, 1, 5)))
    came = lambda code, owner, day, v=2: envelope(  # noqa: E731
        "PlanSubmitted", PlanSubmitted(plan_code=code, owner_code=owner, submitted_on=day,
                                       document_number=f"{code}/KH"), code, v, at(day))
    return [due("DA-SNN", "SNN", date(2012, 1, 31)), came("DA-SNN", "SNN", date(2012, 1, 20)),
            due("QH-180", "180", date(2012, 2, 29)), came("QH-180", "180", date(2012, 3, 15)),
            due("QH-181", "181", date(2012, 2, 29)),
            due("KH-SGT", "SGT", date(2012, 3, 31)), due("KH-SGT", "SGT", date(2012, 4, 30), 2, DEADLINE_MOVED),
            due("KH-OUT", "OUT", date(2012, 3, 31))]


def _registrations() -> list[EventEnvelope]:
    return [envelope("MovementRegistered", MovementRegistered(unit_code=code, registered_on=day), code, 1, at(day))
            for code, day in (("180", date(2011, 12, 20)), ("SNN", date(2012, 1, 5)), ("OUT", date(2011, 12, 20)))]


def programme_events() -> list[EventEnvelope]:
    """Every programme event of the province, stream by stream."""
    return [*_participants(), *_pilots(), *_pledges(), *_plans(), *_registrations()]


def programme_at(events: list, as_of: date, known_at: datetime | None) -> ProgrammeAt:
    """The pure reading of the same events: rows (programme_rows) → facts, nothing filtered."""
    rows = programme_rows(events)
    return ProgrammeAt(
        as_of, known_at,
        participants=tuple(ParticipantFact(c, k, n, p, f, v, r) for c, v, r, k, n, p, f in rows.participants),
        pilots=tuple(PilotFact(lv, u, by, f, v, r, doc) for lv, u, v, r, by, f, doc in rows.pilots),
        pledges=tuple(PledgeFact(s, u, f, v, r, doc) for s, u, v, r, f, doc in rows.pledges),
        plan_deadlines=tuple(PlanDueFact(c, o, t, d, v, r) for c, v, r, o, t, d in rows.plan_deadlines),
        plan_submissions=tuple(PlanSubmittedFact(c, o, d, doc, v, r) for c, v, r, o, d, doc in rows.plan_submissions),
        registrations=tuple(MovementFact(u, d, v, r, doc) for u, v, r, d, doc in rows.registrations),
    )
