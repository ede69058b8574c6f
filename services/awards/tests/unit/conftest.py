"""Fakes for the awards service's unit tests: the in-memory event store, the facts of a small
province held in memory (thidua_facts' own FactsAt over them), a manual clock.

The province 20: Bắc Sơn 185 (b1..b3 of b1..b5 recognised: 60%, rank 1, inland cluster), Tràng Định 180
(a1, a2 of a1..a5: 40%, rank 2, border), Văn Quan 184 (c1 of c1..c4: 25%, rank 3, inland). The
department so-nn with its subordinate unit cc-tl and its official cb-1 (pledged: so-nn → 180,
cc-tl → a1, a2); the department so-yt pledged nothing; a household hd-1 in a1.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from contracts.envelope import Actor
from thidua_facts.model import ClusterFact, RecognitionFact
from thidua_facts.read_model import FactsAt
from thidua_facts.testing import T0, participant_fact, pledge_fact, registered
from thidua_kernel.clock import ManualClock
from thidua_kernel.memory_store import InMemoryEventStore
from thidua_kernel.messages import CommandContext

from awards import handlers, nomination_handlers, round_views, score_handlers, score_views
from awards.commands import (
    ConferAward, DecideNomination, DefineRound, ReceiveNomination, ReviewNomination, SubmitNomination,
)
from awards.deps import Deps

BOARD = Actor(principal_id="ban-thi-dua", role="province_board", scope="20")
DISTRICT_180 = Actor(principal_id="ubnd-trang-dinh", role="district_officer", scope="180")
DISTRICT_185 = Actor(principal_id="ubnd-bac-son", role="district_officer", scope="185")
DEPARTMENT = Actor(principal_id="so-nong-nghiep", role="department_officer", scope="so-nn")
VIEWER = Actor(principal_id="kiem-toan", role="viewer", scope="20")
RECORDS = Actor(principal_id="thanh-tra", role="records_officer", scope="20")

UNITS = (
    registered("20", "province", None, name="Tỉnh Lạng Sơn"),
    registered("180", "rural_district", "20", name="Huyện Tràng Định"),
    registered("184", "rural_district", "20", name="Huyện Văn Quan"),
    registered("185", "rural_district", "20", name="Huyện Bắc Sơn"),
    *(registered(f"a{i}", "rural_commune", "180", name=f"Xã A{i}") for i in range(1, 6)),
    *(registered(f"b{i}", "rural_commune", "185", name=f"Xã B{i}") for i in range(1, 6)),
    *(registered(f"c{i}", "rural_commune", "184", name=f"Xã C{i}") for i in range(1, 5)),
)
RECOGNISED = ("a1", "a2", "b1", "b2", "b3", "c1")
CLUSTERS = (ClusterFact("bien-gioi", date(2012, 1, 1), 1, T0, ("180",), "cluster", "Cụm 5 huyện biên giới"),
            ClusterFact("noi-dia", date(2012, 1, 1), 1, T0, ("184", "185"), "cluster", "Cụm nội địa"),
            ClusterFact("khoi-kt", date(2012, 1, 1), 1, T0, ("so-nn", "so-yt"), "block", "Khối kinh tế"))
PARTICIPANTS = (
    participant_fact("so-nn", "department", name="Sở Nông nghiệp và Phát triển nông thôn"),
    participant_fact("so-yt", "department", name="Sở Y tế"),
    participant_fact("cc-tl", "subordinate_unit", "so-nn", name="Chi cục Thủy lợi"),
    participant_fact("cb-1", "official", "cc-tl", name="Nguyễn Văn Toàn"),
    participant_fact("hd-1", "household", "a1", name="Hộ ông Hoàng Văn Sáng", address="Thôn 1, xã A1"),
)
PLEDGES = (pledge_fact("so-nn", "180"), pledge_fact("cc-tl", "a1"), pledge_fact("cc-tl", "a2"))

# A round defined through the API alone: other kinds, checks and quotas than 2011–2015's.
ROUND: dict[str, Any] = {
    "code": "2016", "title_vi": "Khen thưởng năm 2016", "title_en": "Awards of 2016", "kind": "annual",
    "period_from": 2016, "period_to": 2016, "reference_date": "2016-12-31", "nominations_open": "2016-10-01",
    "nominations_due": "2017-01-31", "province_code": "20",
    "award_kinds": [
        {"code": "co-huyen", "name_vi": "Cờ thi đua cấp huyện", "name_en": "District flag", "level": "provincial",
         "nominee_kinds": ["district"], "nominated_by": ["province"], "paragraph": "A2",
         "checks": [{"rule": "A2", "check": "highest_ntm_rate"}, {"rule": "A2", "check": "council_exemplary"}],
         "prize": {"amount_vnd": 10_000_000_000, "description_vi": "Công trình phúc lợi"}},
        {"code": "bk-xa", "name_vi": "Bằng khen xã", "name_en": "Commune certificate", "level": "provincial",
         "nominee_kinds": ["rural_commune"], "nominated_by": ["district"],
         "checks": [{"rule": "A6", "check": "recognised"}, {"rule": "A6", "check": "in_exemplary_district"}],
         "prize": {"set_later": True}},
        {"code": "bk-so", "name_vi": "Bằng khen sở", "name_en": "Department certificate", "level": "provincial",
         "nominee_kinds": ["department"], "nominated_by": ["department", "province"],
         "checks": [{"rule": "A4", "check": "supports_units", "params": {"districts": 1, "subordinate_communes": 2}}]},
        {"code": "bk-ca-nhan", "name_vi": "Bằng khen cá nhân", "name_en": "Individual certificate",
         "level": "provincial", "nominee_kinds": ["official", "household"], "nominated_by": ["department", "district"],
         "checks": [{"rule": "A7", "check": "individual_standard"}]},
        {"code": "gk-huyen", "name_vi": "Giấy khen của Chủ tịch UBND huyện", "name_en": "District chair's certificate",
         "level": "district", "nominee_kinds": ["rural_commune"], "nominated_by": ["district"],
         "decided_by": "nominating_unit", "paragraph": "A9(f)"},
    ],
    "quotas": [
        {"rule": "A9(e)", "award_kinds": ["bk-xa"], "group": "nominee_district", "share_of_communes_pct": 20,
         "description_vi": "Mỗi huyện tối đa 20% số xã", "description_en": "At most 20% of a district's xã"},
        {"rule": "A9(a)", "award_kinds": ["co-huyen"], "group": "round", "maximum": 1,
         "description_vi": "Một huyện", "description_en": "One district"},
    ],
}
FILE = {"justification": "Thành tích xuất sắc trong phong trào", "figures": {"xa_dat_chuan": 2},
        "attachments": [{"title": "Báo cáo thành tích", "document_number": "12/BC-UBND"}]}


@dataclass
class MemoryFacts:
    """The shared facts as recorded so far; each read is thidua_facts' FactsAt over them."""

    recognitions: list[RecognitionFact] = field(default_factory=lambda: [
        RecognitionFact(code, date(2014, 12, 1), 1, T0, True, f"{i}/QĐ-UBND") for i, code in enumerate(RECOGNISED, 1)])

    async def __call__(self, as_of: date, known_at: datetime | None, province_code: str) -> FactsAt:
        return FactsAt(as_of, known_at, UNITS, tuple(self.recognitions), CLUSTERS, participants=PARTICIPANTS,
                       pledges=PLEDGES)

    def revoke(self, code: str, day: date, at: datetime) -> None:
        self.recognitions.append(RecognitionFact(code, day, 2, at, False, "99/QĐ-UBND"))


def memory_stream_ids(store: InMemoryEventStore):
    async def ids(aggregate_type: str, prefix: str, known_at: datetime | None) -> list[str]:
        return sorted({e.aggregate_id for e in store.events if e.aggregate_type == aggregate_type
                       and e.aggregate_id.startswith(prefix) and (known_at is None or e.recorded_at <= known_at)})

    return ids


class World:
    """Given/when helpers over the handlers and views; test modules import nothing from here."""

    board, district_180, district_185, department, viewer, records = (
        BOARD, DISTRICT_180, DISTRICT_185, DEPARTMENT, VIEWER, RECORDS)
    round_body = ROUND
    file = FILE
    handlers, nominations, scores, views, score_views = (
        handlers, nomination_handlers, score_handlers, round_views, score_views)

    def __init__(self) -> None:
        self.clock = ManualClock(datetime(2016, 11, 15, 2, 0, tzinfo=timezone.utc))
        self.store = InMemoryEventStore("awards", self.clock)
        self.facts = MemoryFacts()
        self.deps = Deps(self.store, self.facts, memory_stream_ids(self.store), self.clock)

    async def run(self, module: Any, handler: str, cmd: Any, actor: Actor = BOARD, key: str | None = None) -> dict:
        ctx = CommandContext(actor=actor, idempotency_key=key, document_number=getattr(cmd, "document_number", None))
        self.clock.advance(timedelta(minutes=1))
        return await getattr(module, handler)(self.deps, ctx, cmd)

    async def define(self, **changes: Any) -> dict:
        return await self.run(handlers, "define_round", DefineRound.model_validate({**ROUND, **changes}))

    async def submit(self, kind: str, nominee: str, unit: str, actor: Actor = BOARD, key: str | None = None,
                     **extra: Any) -> dict:
        cmd = SubmitNomination.model_validate({"round_code": "2016", "award_kind": kind, "nominee_code": nominee,
                                               "nominating_unit": unit, "achievement_file": FILE,
                                               "submitted_on": "2016-11-15", **extra})
        return await self.run(nomination_handlers, "submit_nomination", cmd, actor, key)

    async def receive(self, nid: str, actor: Actor = BOARD, day: str = "2016-11-20") -> dict:
        return await self.run(nomination_handlers, "receive_nomination",
                              ReceiveNomination(nomination_id=nid, received_on=day), actor)

    async def review(self, nid: str, exemplary: bool = True, actor: Actor = BOARD, day: str = "2016-12-01") -> dict:
        return await self.run(nomination_handlers, "review_nomination", ReviewNomination(
            nomination_id=nid, exemplary=exemplary, reasons="Hội đồng thống nhất", reviewed_on=day), actor)

    async def decide(self, nid: str, outcome: str = "approved", actor: Actor = BOARD, day: str = "2016-12-20") -> dict:
        return await self.run(nomination_handlers, "decide_nomination", DecideNomination(
            nomination_id=nid, outcome=outcome, reasons="Đủ tiêu chuẩn", document_number="3000/QĐ-UBND",
            decision_date=day), actor)

    async def confer(self, nid: str, actor: Actor = BOARD, day: str = "2016-12-30") -> dict:
        return await self.run(nomination_handlers, "confer_award", ConferAward(
            nomination_id=nid, conferred_on=day, certificate_number="BK-1"), actor)

    async def through(self, nid: str, exemplary: bool = True, actor: Actor = BOARD) -> None:
        """Received and reviewed (the steps before a decision)."""
        await self.receive(nid, actor)
        await self.review(nid, exemplary, actor)

    def events(self, event_type: str | None = None) -> list:
        return [e for e in self.store.events if event_type is None or e.event_type == event_type]


@pytest.fixture
async def world() -> World:
    w = World()
    await w.define()
    return w
