"""The documents built from a round's folded state: who is on a decision, what a certificate says,
the Decision 1620 choice, and text from the record made printable."""
import io

import pytest
from docx import Document

from awards import document_views, documents
from awards.loading import load_eligibility, load_round
from thidua_kernel.errors import ThiduaError


async def test_the_decision_lists_what_was_approved_under_its_number(world):
    nid = (await world.submit("co-huyen", "185", "20"))["nomination_id"]
    await world.through(nid)
    await world.decide(nid)
    state = await load_round(world.deps, "2016")
    facts = await load_eligibility(world.deps, state, None)
    made = document_views.award_decision(state, "3000/QĐ-UBND", facts, "Vy\x01 Văn Thành")
    assert [(a.nominee_name, a.prize_vnd) for a in made.awardees] == [("Huyện Bắc Sơn", 10_000_000_000)]
    assert made.place == "Lạng Sơn" and made.issuer == "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN"
    document = Document(io.BytesIO(documents.decision_docx(document_views.printable(made))))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for row in t.rows for c in row.cells])
    assert "Vy Văn Thành" in text and "3000/QĐ-UBND" in text
    with pytest.raises(ThiduaError) as none:
        document_views.award_decision(state, "1/QĐ", facts, "")
    assert (none.value.status_code, none.value.rule) == (404, "A11")
    with pytest.raises(ThiduaError) as early:
        document_views.conferred(state, "co-huyen", "185")  # approved, not conferred yet
    assert (early.value.status_code, early.value.rule) == (422, "A11")
    await world.confer(nid)
    state = await load_round(world.deps, "2016")
    paper = document_views.certificate(state, document_views.conferred(state, "co-huyen", "185"), facts, "")
    assert (paper.kind, paper.awardee, paper.register_number) == ("CỜ THI ĐUA", "Huyện Bắc Sơn", "BK-1")
    assert paper.issuer_title == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"


async def test_the_national_nomination_falls_back_to_the_first_ranked_district(world):
    state = await load_round(world.deps, "2016")
    facts = await load_eligibility(world.deps, state, None)
    raw = await world.deps.facts(state.definition.reference_date, None, "20")
    made = document_views.national_nomination(state, facts, raw.recognitions, facts.province_name)
    # Nothing approved for a central award: Bắc Sơn ranks first; 6 recognised xã: floor(6 × 5 / 100) = 0 → 1.
    assert (made.district_code, made.district_xa, made.district_recognised) == ("185", 5, 3)
    assert (made.recognised_communes, made.commune_quota, made.communes) == (6, 1, ())
