"""The awards' documents: the award decision (Quyết định, DOCX) and its list (XLSX), a certificate
per conferred award (PDF), the national nomination of Decision 1620/QĐ-TTg (XLSX + JSON-ready dict).

Plain frozen dataclasses in, bytes out (thidua_documents lays them out; same input, same bytes).
Whoever calls them (the API) builds the dataclasses from the round's folded state; nothing here
reads a database.
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from thidua_documents import (AdminDocument, Certificate, Paragraph, Signature, Table, article,
                              render_certificate_pdf, render_docx, render_xlsx)
from thidua_kernel.vi_format import vi_date, vi_money

__all__ = ["AwardDecision", "Awardee", "Certificate", "NationalNomination", "NominatedCommune", "certificate_for",
           "certificate_pdf", "decision_docx", "decision_table", "decision_xlsx", "national_nomination_dict",
           "national_nomination_xlsx"]

AWARDEE_COLUMNS = ("STT", "Hình thức khen thưởng", "Tên tập thể, cá nhân", "Loại", "Đơn vị", "Huyện",
                   "Tiền thưởng (đồng)")


@dataclass(frozen=True)
class Awardee:
    award_kind_name: str          # "Bằng khen của Thủ tướng Chính phủ"
    nominee_name: str             # "Ủy ban nhân dân huyện Văn Quan"
    nominee_kind_vi: str          # "Tập thể" / "Cá nhân" / "Huyện" ...
    unit_name: str                # the nominee's unit or organisation ("Huyện Văn Quan")
    district_name: str            # "Văn Quan" ("" for a province-level unit)
    prize_vnd: int | None         # None while the prize is set later (A9(g))
    prize_text: str = ""          # said instead of, or beside, the amount ("Theo Nghị quyết ...")


@dataclass(frozen=True)
class AwardDecision:
    number: str                   # "123/QĐ-UBND"
    signed_on: date
    place: str                    # "Lạng Sơn"
    issuer_superior: str | None   # None for a provincial People's Committee
    issuer: str                   # "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN"
    title: str                    # "Về việc khen thưởng ..."
    bases: Sequence[str]          # "Căn cứ ...;" lines, then "Xét đề nghị ...,"
    round_title: str              # "phong trào thi đua ... giai đoạn 2011-2015"
    awardees: Sequence[Awardee]
    signer_title: str             # "CHỦ TỊCH" or "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" (last line: the position)
    signer_name: str
    recipients: Sequence[str]     # "Như Điều 3;", ..., "Lưu: VT, NC."
    authority: str | None = None  # under the title; default "CHỦ TỊCH " + the issuer on one line


def decision_table(decision: AwardDecision) -> Table:
    rows = tuple((i, a.award_kind_name, a.nominee_name, a.nominee_kind_vi, a.unit_name, a.district_name,
                  a.prize_vnd if a.prize_vnd is not None else a.prize_text)
                 for i, a in enumerate(decision.awardees, start=1))
    return Table(f"Danh sách khen thưởng kèm theo Quyết định số {decision.number}", AWARDEE_COLUMNS, rows,
                 sheet_name="Danh sách khen thưởng")


def _prizes(decision: AwardDecision) -> str:
    by_kind: dict[str, Awardee] = {}
    for awardee in decision.awardees:
        by_kind.setdefault(awardee.award_kind_name, awardee)
    parts = [f"{kind}: {vi_money(a.prize_vnd)} mỗi tập thể, cá nhân" if a.prize_vnd is not None
             else f"{kind}: {a.prize_text or 'mức thưởng quy định sau'}" for kind, a in by_kind.items()]
    priced = [a.prize_vnd for a in decision.awardees if a.prize_vnd is not None]
    lead = "Tiền thưởng kèm theo các hình thức khen thưởng tại Điều 1: " + "; ".join(parts)
    if not priced:  # every prize still "set later" (A9(g)): no total of 0 đồng is printed
        return lead + ". Mức tiền thưởng do Hội đồng nhân dân tỉnh quy định sau."
    pending = " (chưa kể các mức thưởng quy định sau)" if len(priced) < len(decision.awardees) else ""
    return (lead + f". Tổng số tiền thưởng: {vi_money(sum(priced))}{pending},"
            " chi từ Quỹ Thi đua, khen thưởng của tỉnh.")


def _document(decision: AwardDecision) -> AdminDocument:
    *authority, position = decision.signer_title.split("\n")
    body = (*(Paragraph(b, style="basis") for b in decision.bases),
            Paragraph("QUYẾT ĐỊNH:", style="heading"),
            article(1, f"Khen thưởng các tập thể, cá nhân đã có thành tích xuất sắc trong {decision.round_title} "
                       f"({len(decision.awardees)} tập thể, cá nhân), có danh sách sau:"),
            decision_table(decision),
            article(2, _prizes(decision)),
            article(3, "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Trưởng ban "
                       "Thi đua - Khen thưởng tỉnh, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, "
                       "cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."))
    return AdminDocument(
        issuer=decision.issuer, issuer_superior=decision.issuer_superior, number=decision.number,
        place=decision.place, signed_on=decision.signed_on, kind="Quyết định", title=decision.title,
        authority=decision.authority or "CHỦ TỊCH " + " ".join(decision.issuer.split()), body=body,
        signature=Signature(position=position, name=decision.signer_name, authority=tuple(authority)),
        recipients=tuple(decision.recipients))


def decision_docx(decision: AwardDecision) -> bytes:
    """The Quyết định: Điều 1 the awardees (table), Điều 2 the prizes, Điều 3 execution."""
    return render_docx(_document(decision))


def decision_xlsx(decision: AwardDecision) -> bytes:
    """The list of the decision, plus a summary per award kind (count, prize total)."""
    summary: dict[str, list[int]] = {}
    for awardee in decision.awardees:
        entry = summary.setdefault(awardee.award_kind_name, [0, 0])
        entry[0] += 1
        entry[1] += awardee.prize_vnd or 0
    totals = Table("Tổng hợp theo hình thức khen thưởng", ("Hình thức khen thưởng", "Số lượng", "Tiền thưởng (đồng)"),
                   tuple((kind, n, amount) for kind, (n, amount) in summary.items()), sheet_name="Tổng hợp")
    return render_xlsx([decision_table(decision), totals], title=f"Quyết định số {decision.number}")


def certificate_for(decision: AwardDecision, awardee: Awardee, *, kind: str, issuer_title: str, achievement: str,
                    register_number: str | None = None, awardee_detail: str | None = None) -> Certificate:
    """The certificate of one awardee of a decision (kind "BẰNG KHEN"/"GIẤY KHEN"; issuer_title
    "THỦ TƯỚNG CHÍNH PHỦ" or "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"), signed as the decision."""
    return Certificate(
        kind=kind, issuer_title=issuer_title, awardee=awardee.nominee_name, achievement=achievement,
        decision_number=decision.number, decision_date=decision.signed_on, place=decision.place,
        signed_on=decision.signed_on, signer_title=decision.signer_title,
        signer_name=decision.signer_name, awardee_detail=awardee_detail, register_number=register_number)


def certificate_pdf(certificate: Certificate) -> bytes:
    return render_certificate_pdf(certificate)


@dataclass(frozen=True)
class NominatedCommune:
    code: str
    name: str                     # "Xã Hòa Bình"
    district_name: str            # "Văn Quan"
    recognition_number: str       # the decision recognising it NTM ("1234/QĐ-UBND")
    recognised_on: date


@dataclass(frozen=True)
class NationalNomination:
    """Decision 1620/QĐ-TTg: the province proposes one district and its best communes (the top 5%
    of its recognised communes) for the Prime Minister's award. The caller chose them (ranking,
    the 5%); this only writes them down, with the figures it was given."""

    province: str                 # "Lạng Sơn"
    round_code: str               # "2011-2015"
    round_title: str
    reference_date: date
    district_code: str
    district_name: str            # "Hữu Lũng"
    district_xa: int              # the district's xã at the reference date
    district_recognised: int      # of which recognised NTM
    recognised_communes: int      # recognised xã of the province (the 5% is of these)
    commune_quota: int            # how many communes that 5% allows, as the caller read it
    communes: Sequence[NominatedCommune]


def national_nomination_dict(n: NationalNomination) -> dict:
    """JSON-ready: strings, ints and ISO dates only."""
    return {
        "decision": "1620/QĐ-TTg", "province": n.province, "round": n.round_code, "round_title": n.round_title,
        "reference_date": n.reference_date.isoformat(),
        "district": {"code": n.district_code, "name": n.district_name, "xa": n.district_xa,
                     "recognised": n.district_recognised},
        "recognised_communes": n.recognised_communes, "commune_quota": n.commune_quota,
        "communes": [{"code": c.code, "name": c.name, "district": c.district_name,
                      "recognition_number": c.recognition_number, "recognised_on": c.recognised_on.isoformat()}
                     for c in n.communes],
    }


def national_nomination_xlsx(n: NationalNomination) -> bytes:
    district = Table(
        f"Huyện đề nghị khen thưởng - tỉnh {n.province}",
        ("Tỉnh", "Mã huyện", "Tên huyện", "Số xã", "Số xã đạt chuẩn NTM", "Tại ngày"),
        ((n.province, n.district_code, n.district_name, n.district_xa, n.district_recognised, n.reference_date),),
        sheet_name="Huyện đề nghị")
    communes = Table(
        f"Xã đề nghị khen thưởng ({len(n.communes)}/{n.recognised_communes} xã đạt chuẩn, tối đa {n.commune_quota})",
        ("STT", "Mã xã", "Tên xã", "Huyện", "Quyết định công nhận", "Ngày công nhận"),
        tuple((i, c.code, c.name, c.district_name, c.recognition_number, c.recognised_on)
              for i, c in enumerate(n.communes, start=1)),
        sheet_name="Xã đề nghị")
    return render_xlsx([district, communes], title=(
        f"Đề nghị khen thưởng theo Quyết định 1620/QĐ-TTg - tỉnh {n.province} - {n.round_code} "
        f"(tại {vi_date(n.reference_date)})"))
