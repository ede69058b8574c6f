"""Builders for tests (pure; nothing imports this at run time): a Lạng Sơn-shaped province as
EligibilityFacts, and a round's log driven through the decisions as the service drives them.

The province: 11 district-level units with their GSO codes and U2 clusters; district D has
`xa[D]` xã coded f"{D}{i:02d}" (i = 1..n), the first `recognised[D]` of them recognised at the
reference date; one thị trấn f"{D}TT" each; TP Lạng Sơn one phường "178P1". Default ranking at
31/12/2015: 185 (5/10) 1st; 180 (6/22) 2nd; 181 (4/17) 3rd; 182 (3/14) 4th; 184 (2/14) 5th; ...
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

from pydantic import BaseModel

from contracts.awards import AchievementFile, Attachment
from thidua_facts.domain.ntm_rate import UnitRate, rank_by_rate
from thidua_facts.model import Cluster

from .eligibility_facts import EligibilityFacts, ParticipantInfo, UnitInfo, resolve_nominator, resolve_nominee
from .round_state import RoundEvent, RoundState, fold_round, nomination_id

REFERENCE = date(2015, 12, 31)
PROVINCE = "20"
INLAND, BORDER = "inland", "border"
# code: (name, unit_type, xã, recognised, cluster)
DISTRICTS: dict[str, tuple[str, str, int, int, str]] = {
    "178": ("Thành phố Lạng Sơn", "city", 3, 0, INLAND),
    "180": ("Huyện Tràng Định", "rural_district", 22, 6, BORDER),
    "181": ("Huyện Bình Gia", "rural_district", 17, 4, INLAND),
    "182": ("Huyện Văn Lãng", "rural_district", 14, 3, BORDER),
    "183": ("Huyện Cao Lộc", "rural_district", 15, 1, BORDER),
    "184": ("Huyện Văn Quan", "rural_district", 14, 2, INLAND),
    "185": ("Huyện Bắc Sơn", "rural_district", 10, 5, INLAND),
    "186": ("Huyện Hữu Lũng", "rural_district", 20, 2, INLAND),
    "187": ("Huyện Chi Lăng", "rural_district", 18, 1, INLAND),
    "188": ("Huyện Lộc Bình", "rural_district", 20, 1, BORDER),
    "189": ("Huyện Đình Lập", "rural_district", 10, 0, BORDER),
}
CLUSTER_NAMES = {BORDER: "Cụm 5 huyện biên giới", INLAND: "Cụm các huyện, thành phố nội địa"}
# (code, kind, name, parent, address)
PARTICIPANTS: tuple[tuple[str, str, str, str | None, str | None], ...] = (
    ("so-nn", "department", "Sở Nông nghiệp và Phát triển nông thôn", None, None),
    ("cc-ptnt", "subordinate_unit", "Chi cục Phát triển nông thôn", "so-nn", None),
    ("tt-kn", "subordinate_unit", "Trung tâm Khuyến nông", "so-nn", None),
    ("cb-nn", "official", "Nguyễn Văn An", "so-nn", None),
    ("cb-kn", "official", "Hoàng Thị Bình", "tt-kn", None),
    ("so-gt", "department", "Sở Giao thông vận tải", None, None),
    ("cb-gt", "official", "Lương Văn Cường", "so-gt", None),
    ("hoi-nd", "mass_organisation", "Hội Nông dân tỉnh", None, None),
    ("mttq", "fatherland_front", "Ủy ban MTTQ Việt Nam tỉnh", None, None),
    ("hoi-nd-180", "mass_organisation", "Hội Nông dân huyện Tràng Định", "180", None),
    ("dn-180", "enterprise", "Công ty Cổ phần Nông sản Tràng Định", "180", None),
    ("dn-185", "enterprise", "Công ty TNHH Chè Bắc Sơn", "185", None),
    ("dn-tinh", "enterprise", "Công ty Xây dựng Lạng Sơn", None, None),
    ("dn-x", "enterprise", "Công ty Thương mại Xứ Lạng", None, None),
    ("dn-y", "enterprise", "Công ty Vật tư Nông nghiệp", None, None),
    ("dnh-185", "business_person", "Vi Văn Dũng", "185", "Thôn Đồng Tiến, xã Long Đống, huyện Bắc Sơn"),
    ("dnh-noaddr", "business_person", "Hà Văn Em", "185", None),
    *((f"cb-{d}-{i}", "official", f"Cán bộ {d}-{i}", d, None) for d in ("180", "181", "185") for i in range(1, 7)),
    ("ho-18001", "household", "Hộ Nông Văn Phúc", "18001", None),
    ("cb-nd-180", "official", "Triệu Thị Giang", "hoi-nd-180", None),
)
PLEDGES: tuple[tuple[str, str], ...] = (
    ("so-nn", "180"), ("cc-ptnt", "18001"), ("cc-ptnt", "18002"), ("tt-kn", "18003"), ("tt-kn", "180TT"),
    ("hoi-nd", "185"), ("so-gt", "18101"),
)
FILE = AchievementFile(justification="Thành tích tiêu biểu xuất sắc trong phong trào xây dựng nông thôn mới",
                       figures={"tieu_chi_dat": 19},
                       attachments=[Attachment(title="Báo cáo thành tích", document_number="12/BC-UBND",
                                               document_date=date(2015, 12, 20))])


def xa_codes(district: str, n: int | None = None) -> list[str]:
    return [f"{district}{i:02d}" for i in range(1, (DISTRICTS[district][2] if n is None else n) + 1)]


def lang_son(recognised: Mapping[str, int] | None = None, xa: Mapping[str, int] | None = None, *,
             check_date: date | None = None, revoked: Iterable[str] = (),
             participants: Iterable[tuple] | None = None, pledges: Iterable[tuple[str, str]] | None = None,
             clusters: Mapping[str, str] | None = None, reference: date = REFERENCE) -> EligibilityFacts:
    """The province at the reference date; `revoked` xã are no longer recognised on `check_date`."""
    units = {PROVINCE: UnitInfo(PROVINCE, "province", "province", "Tỉnh Lạng Sơn", None)}
    rates, recognised_set = [], set()
    for code, (name, unit_type, n, k, _cluster) in DISTRICTS.items():
        n, k = (xa or {}).get(code, n), (recognised or {}).get(code, k)
        units[code] = UnitInfo(code, "district", unit_type, name, PROVINCE)
        for i, xa_code in enumerate(xa_codes(code, n), start=1):
            units[xa_code] = UnitInfo(xa_code, "commune", "rural_commune", f"Xã {name.split(' ', 1)[1]} {i}", code)
        units[f"{code}TT"] = UnitInfo(f"{code}TT", "commune", "township", f"Thị trấn {code}", code)
        recognised_set |= set(xa_codes(code, n)[:k])
        rates.append(UnitRate(code, name, n, k))
    units["178P1"] = UnitInfo("178P1", "commune", "ward", "Phường Chi Lăng", "178")
    of_cluster = {c: v[4] for c, v in DISTRICTS.items()} | dict(clusters or {})
    cluster_infos = tuple(Cluster(c, CLUSTER_NAMES[c], tuple(sorted(d for d, k in of_cluster.items() if k == c)))
                          for c in sorted(CLUSTER_NAMES))
    people = {p[0]: ParticipantInfo(p[0], p[1], p[2], p[3], bool(p[4])) for p in (PARTICIPANTS if participants is None
                                                                                    else participants)}
    return EligibilityFacts(
        reference_date=reference, check_date=check_date, province_code=PROVINCE, province_name="Tỉnh Lạng Sơn",
        ranking=tuple(rank_by_rate(sorted(rates, key=lambda r: r.code))),
        recognised_at_reference=frozenset(recognised_set),
        recognised_at_check=frozenset(recognised_set - set(revoked)) if check_date is not None else None,
        units=units, xa_count={r.code: r.communes for r in rates}, clusters=cluster_infos,
        participants=people, pledges=tuple(sorted(set(PLEDGES if pledges is None else pledges))))


T0 = datetime(2016, 1, 4, 8, 0, tzinfo=timezone.utc)
DAY = date(2016, 1, 15)


@dataclass
class RoundLog:
    """A round's stream as the service keeps it: each decision on the fold of the events so far."""

    code: str
    facts: EligibilityFacts
    events: list[RoundEvent]
    clock: datetime = T0

    @classmethod
    def of(cls, definition: BaseModel, facts: EligibilityFacts) -> "RoundLog":
        log = cls(definition.code, facts, [])  # type: ignore[attr-defined]
        log.append(definition)
        return log

    def append(self, payload: BaseModel | None, actor: str = "test", document_number: str | None = None) -> None:
        if payload is None:
            return
        self.clock += timedelta(minutes=1)
        self.events.append((type(payload).__name__, payload.model_dump(mode="json"), self.clock, actor,
                            document_number))

    @property
    def state(self) -> RoundState:
        return fold_round(self.code, self.events)

    def nid(self, kind: str, nominee: str) -> str:
        return nomination_id(self.code, kind, nominee)

    def submit(self, kind: str, nominee: str, by: str, on: date = DAY, file: AchievementFile = FILE,
               facts: EligibilityFacts | None = None):
        from .decisions import decide_submit
        facts = facts or self.facts
        who, nominator = resolve_nominee(facts, nominee), resolve_nominator(facts, by)
        assert who is not None and nominator is not None, (nominee, by)
        event = decide_submit(self.state, kind, who, nominator, file, on, facts)
        self.append(event, actor=by)
        return event

    def advance(self, nid: str, to: str = "reviewed", exemplary: bool = True, on: date = DAY,
                facts: EligibilityFacts | None = None) -> None:
        """Take a nomination on through receive, review, approve, confer up to status `to`."""
        from .decisions import decide_confer, decide_decision, decide_receive, decide_review
        steps = ["received", "reviewed", "approved", "conferred"]
        for step in steps[steps.index(self.state.nominations[nid].status) + 1 if
                          self.state.nominations[nid].status in steps else 0: steps.index(to) + 1]:
            s = self.state
            if step == "received":
                self.append(decide_receive(s, nid, on))
            elif step == "reviewed":
                self.append(decide_review(s, nid, exemplary, "Hội đồng xét", on))
            elif step == "approved":
                self.append(decide_decision(s, nid, "approved", "Đủ tiêu chuẩn", "125/QĐ-UBND", on,
                                            facts or self.facts), document_number="125/QĐ-UBND")
            else:
                self.append(decide_confer(s, nid, on, "BK-1"))


def with_check_day(facts: EligibilityFacts, day: date, revoked: Iterable[str] = ()) -> EligibilityFacts:
    return replace(facts, check_date=day, recognised_at_check=facts.recognised_at_reference - set(revoked))
