"""Who may nominate whom (A10 nominator kinds, AUTH-SCOPE), and nominee/nominator resolution."""
import pytest

from awards.adapters.presets import preset
from awards.domain.eligibility_facts import resolve_nominator, resolve_nominee
from awards.domain.nominees import Nominator, Nominee
from awards.domain.scope import within
from awards.domain.testing import RoundLog, lang_son
from thidua_kernel.errors import DomainRefusal, NotAuthorised

FACTS = lang_son()
PRESET = preset("2011-2015")


def test_nominees_resolve_by_unit_type_and_participant_kind():
    kinds = {code: (n.kind, n.district_code) for code in ("180", "178", "18001", "180TT", "178P1", "so-nn",
                                                          "cc-ptnt", "cb-kn", "ho-18001", "dn-180", "cb-nd-180")
             if (n := resolve_nominee(FACTS, code)) is not None}
    assert kinds == {"180": ("district", "180"), "178": ("district", "178"), "18001": ("rural_commune", "180"),
                     "180TT": ("township", "180"), "178P1": ("ward", "178"), "so-nn": ("department", None),
                     "cc-ptnt": ("subordinate_unit", None), "cb-kn": ("official", None),
                     "ho-18001": ("household", "180"), "dn-180": ("enterprise", "180"),
                     "cb-nd-180": ("official", "180")}
    assert resolve_nominee(FACTS, "20") is None and resolve_nominee(FACTS, "nobody") is None
    assert resolve_nominee(FACTS, "dnh-185").address_present and not resolve_nominee(FACTS, "dnh-noaddr").address_present


def test_nominators_resolve_to_province_district_or_department():
    assert resolve_nominator(FACTS, "20") == Nominator("20", "province")
    assert resolve_nominator(FACTS, "184") == Nominator("184", "district")
    assert [resolve_nominator(FACTS, c).kind for c in ("so-nn", "hoi-nd", "mttq", "hoi-nd-180")] == ["department"] * 4
    assert [resolve_nominator(FACTS, c) for c in ("18001", "cc-ptnt", "cb-nn", "dn-180", "x")] == [None] * 5


@pytest.mark.parametrize("nominator, nominee, inside", [
    ("20", "18001", True), ("20", "cb-kn", True),
    ("180", "180", True), ("180", "18001", True), ("180", "180TT", True), ("180", "ho-18001", True),
    ("180", "cb-nd-180", True), ("180", "hoi-nd-180", True), ("180", "dn-180", True),
    ("180", "18101", False), ("180", "cb-181-1", False), ("180", "so-nn", False), ("180", "181", False),
    ("so-nn", "so-nn", True), ("so-nn", "cc-ptnt", True), ("so-nn", "cb-nn", True), ("so-nn", "cb-kn", True),
    ("so-nn", "so-gt", False), ("so-nn", "cb-gt", False), ("so-nn", "18001", False), ("hoi-nd-180", "cb-nd-180", True),
])
def test_scope(nominator: str, nominee: str, inside: bool):
    who, by = resolve_nominee(FACTS, nominee), resolve_nominator(FACTS, nominator)
    assert who is not None and by is not None
    assert within(who, by, FACTS) is inside


def test_a_nominee_under_a_subordinate_unit_that_is_not_an_individual_is_not_staff():
    unit = Nominee("x", "enterprise", "Công ty X", None, "cc-ptnt")
    assert not within(unit, Nominator("so-nn", "department"), FACTS)


def test_submission_outside_scope_is_403_and_a_nominator_kind_not_listed_is_a10():
    log = RoundLog.of(PRESET, FACTS)
    with pytest.raises(NotAuthorised) as outside:
        log.submit("pm_certificate", "18101", "180")
    assert outside.value.rule == "AUTH-SCOPE" and outside.value.figures == {
        "nominee": "18101", "nominating_unit": "180", "nominator_kind": "district"}
    with pytest.raises(DomainRefusal) as kind:
        log.submit("government_flag", "185", "185")  # only the province nominates for the Government's flag
    assert kind.value.rule == "A10" and kind.value.figures["nominated_by"] == ["province"]
    with pytest.raises(DomainRefusal) as nominee_kind:
        log.submit("pm_certificate", "180TT", "180")  # a thị trấn is not a xã
    assert nominee_kind.value.rule == "A10" and nominee_kind.value.figures["nominee_kind"] == "township"
    with pytest.raises(DomainRefusal) as unknown:
        log.submit("no_such_kind", "185", "20")
    assert unknown.value.rule == "A10"
