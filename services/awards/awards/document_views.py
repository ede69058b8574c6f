"""The round's documents built from its folded state and the facts (awards.documents lays them out).

Readings chosen:
- The award decision (Quyết định) numbered N lists every nomination approved (or since conferred)
  with decision number N, in nomination-id order; it is dated with their decision date (the
  latest, should they differ) and issued by the province's People's Committee. The signer's name
  is not recorded by any event: the query may give it (`signer`), else the line stays blank.
- A certificate is printed for a conferred award only, as part of its decision.
- Decision 1620/QĐ-TTg: the district is the one the round approved for a central award (else the
  district ranked first at the reference date, ties by code); the communes are those the round
  approved for a central award, by recognition date then code, at most floor(n × 5 / 100) of the
  n recognised xã of the province (at least 1 when any is recognised).
- Documents are the province's official papers: they carry individuals' names (unlike the JSON
  views, which withhold them from roles without personal data).
"""
import re
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

from contracts.awards import AwardKind
from thidua_facts.domain.ntm_rate import p4_latest_recognitions
from thidua_kernel.errors import DomainRefusal, NotFound

from .documents import AwardDecision, Awardee, Certificate, NationalNomination, NominatedCommune, certificate_for
from .domain.eligibility_facts import EligibilityFacts
from .domain.messages import en_name
from .domain.round_state import DECIDED_APPROVED, NominationState, RoundState

# Control characters no DOCX or XLSX may hold (tab, line feed and carriage return excepted): names
# and numbers come from recorded commands, whose text may carry them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(value: Any) -> Any:
    """`value` (a document's dataclass, its sequences and strings) without control characters."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, (list, tuple)):
        return tuple(printable(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: printable(getattr(value, f.name)) for f in fields(value)})
    return value


KIND_VI = {"district": "Huyện", "rural_commune": "Xã", "township": "Thị trấn", "ward": "Phường",
           "department": "Sở, ngành", "mass_organisation": "Đoàn thể", "fatherland_front": "Ủy ban MTTQ",
           "subordinate_unit": "Đơn vị trực thuộc", "enterprise": "Doanh nghiệp", "official": "Cá nhân",
           "business_person": "Cá nhân", "household": "Hộ gia đình"}
BASES = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
         "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của"
         " Luật Thi đua, Khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013;")
RECIPIENTS = ("Như Điều 3;", "Ban Thi đua - Khen thưởng Trung ương;", "Thường trực Tỉnh ủy, HĐND tỉnh;",
              "Lưu: VT, NC.")


@dataclass(frozen=True)
class Issuer:
    """The province as its documents name it."""

    name: str          # "Tỉnh Lạng Sơn"

    @property
    def place(self) -> str:
        return self.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")

    @property
    def committee(self) -> str:
        return "ỦY BAN NHÂN DÂN\n" + self.name.upper()


def short_name(name: str) -> str:
    """"Huyện Văn Quan" → "Văn Quan" (a district column of a list)."""
    return en_name(name).rsplit(" ", 1)[0] if en_name(name) != name else name


def awardee(state: RoundState, n: NominationState, facts: EligibilityFacts) -> Awardee:
    kind = state.kind(n.award_kind)
    assert kind is not None
    prize, held = kind.prize, state.prizes.get(n.award_kind)
    amount = held.amount_vnd if held is not None else prize.amount_vnd
    text = (f"Theo Nghị quyết số {held.resolution}" if held is not None
            else "Mức thưởng do HĐND tỉnh quyết định sau" if prize.set_later else prize.description_vi or "")
    parent = n.nominee.parent_code or facts.parent_of(n.nominee.code)
    unit = n.nominee.name if n.nominee.kind in ("district", "rural_commune", "township", "ward") or parent is None \
        else facts.name_of(parent)
    district = n.nominee.district_code
    return Awardee(kind.name_vi, n.nominee.name, KIND_VI.get(n.nominee.kind, n.nominee.kind), unit,
                   short_name(facts.name_of(district)) if district else "", amount, text)


def award_decision(state: RoundState, number: str, facts: EligibilityFacts, signer: str) -> AwardDecision:
    chosen = [n for _, n in sorted(state.nominations.items()) if n.status in DECIDED_APPROVED
              and n.decision is not None and n.decision.decision_number == number]
    if not chosen:
        raise NotFound("A11", f"Đợt {state.code} không có khen thưởng nào được phê duyệt theo quyết định số {number}.",
                       f"Round {state.code} has no award approved by decision {number}.",
                       round_code=state.code, decision_number=number)
    definition = state.definition
    assert definition is not None
    issuer = Issuer(facts.province_name)
    guidance = (f"Căn cứ Hướng dẫn số {definition.guidance} của Hội đồng Thi đua - Khen thưởng tỉnh;",) \
        if definition.guidance else ()
    return AwardDecision(
        number=number, signed_on=max(n.decision.decision_date for n in chosen), place=issuer.place,
        issuer_superior=None, issuer=issuer.committee,
        title=f"Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong {definition.title_vi}",
        bases=(*BASES, *guidance, "Xét đề nghị của Trưởng ban Thi đua - Khen thưởng tỉnh,"),
        round_title=definition.title_vi, awardees=tuple(awardee(state, n, facts) for n in chosen),
        signer_title="CHỦ TỊCH", signer_name=signer, recipients=RECIPIENTS)


def certificate_words(kind: AwardKind, nominating_unit_name: str, province: Issuer) -> tuple[str, str]:
    """(the certificate's kind, its issuer's title) from the award kind (A9 (a)–(f))."""
    name = kind.name_vi.lower()
    word = "CỜ THI ĐUA" if name.startswith("cờ") else "GIẤY KHEN" if "giấy khen" in name else "BẰNG KHEN"
    if "thủ tướng" in name:
        return word, "THỦ TƯỚNG CHÍNH PHỦ"
    if "chính phủ" in name:
        return word, "CHÍNH PHỦ"
    if kind.decided_by == "nominating_unit":
        return word, nominating_unit_name.upper()
    return word, "CHỦ TỊCH " + province.committee.replace("\n", " ")


def conferred(state: RoundState, award_kind: str, nominee_code: str) -> NominationState:
    held = state.nominations.get(f"{state.code}/{award_kind}/{nominee_code}")
    if held is None:
        raise NotFound("A11", f"Không có hồ sơ đề nghị {award_kind} cho {nominee_code} trong đợt {state.code}.",
                       f"No nomination of {nominee_code} for {award_kind} in round {state.code}.",
                       round_code=state.code, award_kind=award_kind, nominee_code=nominee_code)
    if held.status != "conferred" or held.decision is None:
        raise DomainRefusal("A11", f"Hồ sơ {held.nomination_id} chưa được trao khen thưởng ({held.status}).",
                            f"Nomination {held.nomination_id} has not been conferred ({held.status}).",
                            nomination_id=held.nomination_id, status=held.status)
    return held


def certificate(state: RoundState, held: NominationState, facts: EligibilityFacts, signer: str) -> Certificate:
    """A conferred award's certificate, signed as its decision."""
    assert state.definition is not None and held.decision is not None
    made = award_decision(state, held.decision.decision_number, facts, signer)
    kind = state.kind(held.award_kind)
    assert kind is not None
    word, issuer = certificate_words(kind, facts.name_of(held.nominating_unit), Issuer(facts.province_name))
    winner = awardee(state, held, facts)
    detail = ", ".join(p for p in (winner.unit_name if winner.unit_name != winner.nominee_name else "",
                                   facts.province_name) if p)
    return certificate_for(made, winner, kind=word, issuer_title=issuer, awardee_detail=detail,
                           achievement=f"Đã có thành tích xuất sắc trong {state.definition.title_vi}",
                           register_number=held.conferred.certificate_number if held.conferred else None)


def national_nomination(state: RoundState, facts: EligibilityFacts, recognitions, province_name: str) -> NationalNomination:
    """Decision 1620: one district and at most 5% of the recognised communes (readings above)."""
    definition = state.definition
    assert definition is not None
    central = [n for _, n in sorted(state.nominations.items()) if n.status in DECIDED_APPROVED
               and (k := state.kind(n.award_kind)) is not None and k.level == "central"]
    districts = [n.nominee.code for n in central if n.nominee.kind == "district"]
    first = [r.unit.code for r in facts.ranking if r.rank == 1]
    district = districts[0] if districts else (first[0] if first else None)
    if district is None:
        raise DomainRefusal("A2", "Chưa có huyện nào được xếp hạng tại ngày tham chiếu.",
                            "No district is ranked on the reference date.", round_code=state.code)
    recognised = facts.recognised_at_reference
    quota = max(1, len(recognised) * 5 // 100) if recognised else 0
    latest = p4_latest_recognitions(recognitions, definition.reference_date, facts.known_at)
    communes = sorted((n for n in central if n.nominee.code in recognised and n.nominee.code in latest),
                      key=lambda n: (latest[n.nominee.code].effective_date, n.nominee.code))[:quota]
    rate = facts.rank_of(district)
    return NationalNomination(
        province=Issuer(province_name).place, round_code=state.code, round_title=definition.title_vi,
        reference_date=definition.reference_date, district_code=district,
        district_name=short_name(facts.name_of(district)), district_xa=rate.unit.communes if rate else 0,
        district_recognised=rate.unit.recognised if rate else 0, recognised_communes=len(recognised),
        commune_quota=quota,
        communes=tuple(NominatedCommune(n.nominee.code, n.nominee.name,
                                        short_name(facts.name_of(n.nominee.district_code or "")),
                                        latest[n.nominee.code].decision_number,
                                        latest[n.nominee.code].effective_date) for n in communes))

