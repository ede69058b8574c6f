"""A round of awards worked out by hand, for the award facts' tests (unit and PostgreSQL): the
awards events as the awards service appends them, and the same events read the pure way (rows →
facts). No pytest here, and nothing imports this module at run time.

Round "2011-2015" of province 20 (nominations open 2016-01-01): the district 180 for the
emulation flag (approved 1 April 2016 under 12/QĐ-UBND, conferred 19 May, the conferral entered
only on 1 June); xã a for a commune certificate (rejected 1 April); xã b (withdrawn 1 February,
submitted again 15 February, received 20 February); the official CB1 (approved 1 April). A round
of province 21 and a round opening in 2021 are not the 2016 report's.
"""
from datetime import date, datetime
from typing import Any

from contracts.awards import (
    AchievementFile, AwardConferred, AwardKind, NominationDecided, NominationReceived, NominationReviewed,
    NominationSubmitted, NominationWithdrawn, RoundDefined,
)
from contracts.envelope import EventEnvelope
from thidua_facts.testing import envelope

from .award_queries import round_fact
from .award_rows import award_rows
from .domain.awards import AwardFactsKnown, NominationStep
from .testing import at

CONFERRAL_ENTERED: datetime = at(date(2016, 6, 1))
FILE = AchievementFile(justification="Dẫn đầu phong trào")
KINDS = [AwardKind(code="co-huyen", name_vi="Cờ thi đua", name_en="Emulation flag", level="central",
                   nominee_kinds=["district"], nominated_by=["province"]),
         AwardKind(code="bk-xa", name_vi="Bằng khen xã", name_en="Commune certificate", level="provincial",
                   nominee_kinds=["rural_commune"], nominated_by=["district"]),
         AwardKind(code="bk-ca-nhan", name_vi="Bằng khen cá nhân", name_en="Individual certificate",
                   level="provincial", nominee_kinds=["official"], nominated_by=["department"])]


def round_defined(code: str, province: str = "20", opens: date = date(2016, 1, 1)) -> RoundDefined:
    return RoundDefined(code=code, title_vi=f"Tổng kết {code}", title_en=f"Summary {code}", kind="summary",
                        period_from=2011, period_to=2015, reference_date=date(2015, 12, 31), nominations_open=opens,
                        nominations_due=date(opens.year, 3, 31), province_code=province, award_kinds=KINDS)


def submitted(round_code: str, kind: str, code: str, nominee_kind: Any, name: str, unit: str,
              day: date) -> NominationSubmitted:
    return NominationSubmitted(nomination_id=f"{round_code}/{kind}/{code}", round_code=round_code, award_kind=kind,
                               nominee_code=code, nominee_kind=nominee_kind, nominee_name=name,
                               nominee_district=code if nominee_kind == "district" else "180",
                               nominating_unit=unit, achievement_file=FILE, submitted_on=day)


def decided(nomination: str, outcome: Any, day: date) -> NominationDecided:
    round_code, kind, nominee = nomination.split("/", 2)
    return NominationDecided(nomination_id=nomination, round_code=round_code, award_kind=kind, nominee_code=nominee,
                             outcome=outcome, reasons="Hội đồng xét", decision_number="12/QĐ-UBND", decision_date=day)


def received(nomination: str, day: date) -> NominationReceived:
    return NominationReceived(nomination_id=nomination, received_on=day)


def reviewed(nomination: str, day: date) -> NominationReviewed:
    return NominationReviewed(nomination_id=nomination, nominee_code=nomination.rsplit("/", 1)[1], exemplary=True,
                              reasons="Tiêu biểu", reviewed_on=day)


def award_events() -> list[EventEnvelope]:
    """The round's stream and the two others', in append order, each recorded at noon of its day
    (Vietnam) but the conferral, entered on CONFERRAL_ENTERED."""
    r, d = "2011-2015", date
    flag, a, b, cb1 = f"{r}/co-huyen/180", f"{r}/bk-xa/a", f"{r}/bk-xa/b", f"{r}/bk-ca-nhan/CB1"
    stream: list = [
        round_defined(r),
        submitted(r, "co-huyen", "180", "district", "Huyện Tràng Định", "20", d(2016, 1, 15)),
        submitted(r, "bk-xa", "a", "rural_commune", "Xã Chi Lăng", "180", d(2016, 1, 16)),
        submitted(r, "bk-xa", "b", "rural_commune", "Xã Đề Thám", "180", d(2016, 1, 16)),
        submitted(r, "bk-ca-nhan", "CB1", "official", "Nguyễn Văn Một", "SNN", d(2016, 1, 17)),
        received(flag, d(2016, 1, 20)), received(a, d(2016, 1, 20)), received(cb1, d(2016, 1, 20)),
        NominationWithdrawn(nomination_id=b, withdrawn_on=d(2016, 2, 1), reason="Bổ sung hồ sơ"),
        reviewed(flag, d(2016, 2, 10)), reviewed(a, d(2016, 2, 10)), reviewed(cb1, d(2016, 2, 10)),
        submitted(r, "bk-xa", "b", "rural_commune", "Xã Đề Thám", "180", d(2016, 2, 15)),
        received(b, d(2016, 2, 20)),
        decided(flag, "approved", d(2016, 4, 1)), decided(a, "rejected", d(2016, 4, 1)),
        decided(cb1, "approved", d(2016, 4, 1)),
        AwardConferred(nomination_id=flag, conferred_on=d(2016, 5, 19), certificate_number="CT-01"),
    ]
    events = [_envelope(r, i, e) for i, e in enumerate(stream, 1)]
    other = round_defined("khac", province="21")
    later = round_defined("2016-2020", opens=d(2021, 1, 1))
    return events + [_envelope("khac", 1, other),
                     _envelope("khac", 2, submitted("khac", "co-huyen", "210", "district", "Huyện Khác", "21",
                                                    d(2016, 1, 15))),
                     _envelope("2016-2020", 1, later)]


DAY_FIELDS = ("submitted_on", "withdrawn_on", "received_on", "reviewed_on", "decision_date", "conferred_on")


def _envelope(round_code: str, version: int, payload: Any) -> EventEnvelope:
    day = next((getattr(payload, f) for f in DAY_FIELDS if hasattr(payload, f)), date(2015, 12, 20))
    recorded = CONFERRAL_ENTERED if isinstance(payload, AwardConferred) else at(day)
    event = envelope(type(payload).__name__, payload, round_code, version, recorded,
                     document_number="12/QĐ-UBND" if isinstance(payload, NominationDecided) else None)
    return event.model_copy(update={"aggregate_type": "award_round"})


def award_facts(events: list[EventEnvelope]) -> AwardFactsKnown:
    """The events read the pure way: rows (award_rows.py) → facts, as the SQL reads them."""
    rows = award_rows(events)
    return AwardFactsKnown(tuple(round_fact(r) for r in rows.rounds), tuple(NominationStep(*r) for r in rows.steps))
