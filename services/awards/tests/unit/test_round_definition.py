"""A10: a round definition is validated; the 2011–2015 preset encodes every line of A9 (a)–(g)."""
import unicodedata
from datetime import date
from importlib.resources import files

import pytest

from contracts.awards import AwardKind, Check, Quota, RoundDefined
from awards.adapters.presets import preset, preset_names
from awards.domain.round_rules import validate_round
from thidua_kernel.errors import DomainRefusal

PRESET = preset("2011-2015")
KINDS = {k.code: k for k in PRESET.award_kinds}


def quotas_of(kind: str) -> list[tuple]:
    return [(q.rule, q.group, q.maximum, q.minimum, q.share_of_communes_pct) for q in PRESET.quotas
            if kind in q.award_kinds]


def checks_of(kind: str) -> list[tuple]:
    return [(c.rule, c.check, c.params) for c in KINDS[kind].checks]


def test_the_preset_is_package_data_nfc_and_valid():
    assert preset_names() == ["2011-2015"] and preset("2016-2020") is None
    text = (files("awards") / "data" / "round_2011_2015.json").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    validate_round(PRESET)
    assert (PRESET.code, PRESET.kind, PRESET.period_from, PRESET.period_to) == ("2011-2015", "summary", 2011, 2015)
    assert PRESET.reference_date == date(2015, 12, 31) and PRESET.province_code == "20"
    assert (PRESET.nominations_open, PRESET.nominations_due) == (date(2015, 10, 1), date(2016, 3, 31))
    assert PRESET.guidance == "03/HD-HĐTĐKT" and PRESET.preset == "2011-2015"
    assert sorted(KINDS) == sorted([
        "government_flag", "pm_certificate", "provincial_flag_district", "provincial_flag_commune",
        "provincial_certificate_department", "provincial_certificate_department_individual",
        "provincial_certificate_enterprise", "provincial_certificate_district", "provincial_certificate_commune",
        "provincial_certificate_individual", "department_certificate", "district_certificate"])


def test_a9a_one_government_flag_district_highest_rate_and_exemplary_ten_billion():
    k = KINDS["government_flag"]
    assert (k.level, k.nominee_kinds, k.nominated_by, k.paragraph) == ("central", ["district"], ["province"], "A9(a)")
    assert checks_of("government_flag") == [("A2", "highest_ntm_rate", {}), ("A2", "council_exemplary", {})]
    assert quotas_of("government_flag") == [("A9(a)", "round", 1, 1, None)]
    assert k.prize.amount_vnd == 10_000_000_000 and not k.prize.set_later


def test_a9b_one_pm_certificate_commune_per_district_recognised_and_exemplary_one_billion():
    k = KINDS["pm_certificate"]
    assert (k.nominee_kinds, k.nominated_by, k.paragraph) == (["rural_commune"], ["district"], "A9(b)")
    assert checks_of("pm_certificate") == [("A3", "recognised", {}), ("A3", "council_exemplary", {})]
    assert quotas_of("pm_certificate") == [("A9(b)", "nominee_district", 1, 1, None)]
    assert k.prize.amount_vnd == 1_000_000_000


def test_a9c_two_provincial_flag_districts_one_per_cluster_not_the_government_flags():
    k = KINDS["provincial_flag_district"]
    assert k.excludes == ["government_flag"] and k.paragraph == "A9(c)"
    assert checks_of("provincial_flag_district") == [("A5", "ntm_rank_between", {"min": 2, "max": 3}),
                                                     ("A5", "council_exemplary", {})]
    assert quotas_of("provincial_flag_district") == [("A9(c)", "nominee_cluster", 1, 1, None),
                                                     ("A9(c)", "round", 2, None, None)]


def test_a9d_eleven_provincial_flag_communes_one_per_district_in_exemplary_districts():
    assert checks_of("provincial_flag_commune") == [("A6", "recognised", {}), ("A6", "in_exemplary_district", {})]
    assert quotas_of("provincial_flag_commune") == [("A9(d)", "nominee_district", 1, 1, None),
                                                    ("A9(d)", "round", 11, None, None)]


def test_a9e_every_provincial_certificate_line():
    assert checks_of("provincial_certificate_department") == [
        ("A4", "supports_units", {"districts": 1, "subordinate_communes": 2})]
    assert quotas_of("provincial_certificate_department") == [("A9(e)", "round", 3, None, None)]
    assert quotas_of("provincial_certificate_department_individual") == [("A9(e)", "nominating_unit", 1, 1, None)]
    assert quotas_of("provincial_certificate_enterprise") == [("A9(e)", "round", 3, None, None)]
    assert quotas_of("provincial_certificate_district") == [("A9(e)", "round", 2, None, None)]
    assert KINDS["provincial_certificate_district"].excludes == ["government_flag", "provincial_flag_district"]
    assert quotas_of("provincial_certificate_commune") == [("A9(e)", "nominee_district", None, None, 20)]
    assert KINDS["provincial_certificate_commune"].excludes == ["pm_certificate"]
    assert quotas_of("provincial_certificate_individual") == [("A9(e)", "nominee_district", 5, 3, None)]
    for kind in ("provincial_certificate_individual", "provincial_certificate_department_individual"):
        assert checks_of(kind) == [("A7", "individual_standard", {})]
        assert KINDS[kind].nominee_kinds == ["official", "business_person", "household"]


def test_a9f_certificates_decided_by_the_nominating_unit_and_a9g_provincial_prizes_set_later():
    for code, by in (("department_certificate", ["department"]), ("district_certificate", ["district"])):
        k = KINDS[code]
        assert (k.decided_by, k.nominated_by, k.paragraph, k.checks) == ("nominating_unit", by, "A9(f)", [])
    provincial = [k for k in PRESET.award_kinds if k.level == "provincial"]
    assert len(provincial) == 8 and all(k.prize.set_later and k.prize.amount_vnd is None for k in provincial)
    assert all("A9(g)" in (k.prize.description_vi or "") for k in provincial)


def definition(**changes) -> RoundDefined:
    kind = AwardKind(code="a", name_vi="A", name_en="A", level="provincial", nominee_kinds=["district"],
                     nominated_by=["province"])
    base = dict(code="2016", title_vi="Đợt 2016", title_en="2016", kind="annual", period_from=2016, period_to=2016,
                reference_date=date(2016, 12, 31), nominations_open=date(2017, 1, 1),
                nominations_due=date(2017, 2, 1), province_code="20", award_kinds=[kind], quotas=[])
    return RoundDefined(**(base | changes))


def kind(**changes) -> AwardKind:
    return AwardKind(**(dict(code="b", name_vi="B", name_en="B", level="provincial", nominee_kinds=["district"],
                             nominated_by=["province"]) | changes))


def quota(**changes) -> Quota:
    return Quota(**(dict(rule="Q", award_kinds=["a"], group="round", maximum=1, description_vi="q",
                         description_en="q") | changes))


@pytest.mark.parametrize("broken", [
    definition(code=" "), definition(award_kinds=[]), definition(period_from=2017),
    definition(nominations_open=date(2017, 3, 1)),
    definition(award_kinds=[kind(code="a"), kind(code="a")]),
    definition(award_kinds=[kind(nominee_kinds=[])]), definition(award_kinds=[kind(nominated_by=[])]),
    definition(award_kinds=[kind(excludes=["zz"])]), definition(award_kinds=[kind(excludes=["b"])]),
    definition(award_kinds=[kind(checks=[Check(rule="", check="recognised")])]),
    definition(award_kinds=[kind(checks=[Check(rule="R", check="recognised", params={"x": 1})])]),
    definition(award_kinds=[kind(checks=[Check(rule="R", check="ntm_rank_between", params={"min": 3, "max": 2})])]),
    definition(award_kinds=[kind(checks=[Check(rule="R", check="ntm_rank_between", params={"min": 2})])]),
    definition(award_kinds=[kind(checks=[Check(rule="R", check="ntm_rank_between", params={"min": 0, "max": 2})])]),
    definition(award_kinds=[kind(checks=[Check(rule="R", check="supports_units", params={"districts": -1})])]),
    definition(award_kinds=[kind(prize={"amount_vnd": 5, "set_later": True})]),
    definition(award_kinds=[kind(prize={"amount_vnd": -5})]),
    definition(quotas=[quota(rule=" ")]), definition(quotas=[quota(award_kinds=[])]),
    definition(quotas=[quota(award_kinds=["zz"])]), definition(quotas=[quota(maximum=None)]),
    definition(quotas=[quota(maximum=-1)]), definition(quotas=[quota(maximum=1, minimum=2)]),
    definition(quotas=[quota(maximum=None, share_of_communes_pct=20)]),
    definition(quotas=[quota(group="nominee_district", share_of_communes_pct=0)]),
    definition(quotas=[quota(group="nominee_district", share_of_communes_pct=101)]),
])
def test_a_broken_definition_is_refused_under_a10(broken: RoundDefined):
    with pytest.raises(DomainRefusal) as refused:
        validate_round(broken)
    assert refused.value.rule == "A10" and refused.value.message_vi.startswith("Định nghĩa đợt khen thưởng không hợp lệ")


def test_a_sane_definition_passes():
    validate_round(definition(quotas=[quota(group="nominee_district", maximum=None, share_of_communes_pct=10)]))
