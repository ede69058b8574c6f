"""EligibilityFacts from thidua_facts' FactsAt: the same value the pure builder makes, ranks from
the shared P5 ranking, revocations seen on the check day, participants and pledges of the day."""
from datetime import date, datetime, timedelta, timezone

from thidua_facts.model import ClusterFact, RecognitionFact
from thidua_facts.read_model import FactsAt
from thidua_facts.testing import T0, participant_fact, pledge_fact, registered

from awards.domain.eligibility_facts import eligibility_facts
from awards.domain.testing import CLUSTER_NAMES, DISTRICTS, PARTICIPANTS, PLEDGES, lang_son, xa_codes
from awards.views import assemble_ranking

REFERENCE, CHECK = date(2015, 12, 31), date(2016, 4, 20)
LATE = datetime(2016, 4, 1, tzinfo=timezone.utc)


def units():
    changes = [registered("20", "province", None, name="Tỉnh Lạng Sơn")]
    for code, (name, unit_type, xa, _k, _c) in DISTRICTS.items():
        changes.append(registered(code, unit_type, "20", name=name))
        short = name.split(" ", 1)[1]
        changes += [registered(x, "rural_commune", code, name=f"Xã {short} {i}")
                    for i, x in enumerate(xa_codes(code), start=1)]
        changes.append(registered(f"{code}TT", "township", code, name=f"Thị trấn {code}"))
    changes.append(registered("178P1", "ward", "178", name="Phường Chi Lăng"))
    return tuple(changes)


def recognitions():
    facts = [RecognitionFact(x, date(2014, 6, 1), 1, T0, True, "1/QĐ")
             for code, (_n, _t, _x, k, _c) in DISTRICTS.items() for x in xa_codes(code)[:k]]
    facts.append(RecognitionFact("18001", date(2016, 3, 1), 2, LATE, False, "9/QĐ"))  # revoked after D
    facts.append(RecognitionFact("18022", date(2016, 1, 10), 1, T0, True, "2/QĐ"))  # recognised after D
    return tuple(facts)


def clusters():
    return tuple(ClusterFact(c, date(2012, 1, 1), 1, T0, tuple(sorted(d for d, v in DISTRICTS.items() if v[4] == c)),
                             "cluster", name) for c, name in CLUSTER_NAMES.items())


def facts_at(day: date, known_at: datetime | None = None) -> FactsAt:
    people = tuple(participant_fact(code, kind, parent, date(2012, 1, 1), name=name, address=address)
                   for code, kind, name, parent, address in PARTICIPANTS)
    late = participant_fact("late", "official", "180", date(2016, 1, 5), name="Người đến sau")
    pledges = tuple(pledge_fact(a, b, date(2012, 3, 1)) for a, b in PLEDGES) + (pledge_fact("so-gt", "181", date(2016, 2, 1)),)
    return FactsAt(day, known_at, units(), recognitions(), clusters(), participants=people + (late,), pledges=pledges)


def test_the_facts_of_the_reference_date_equal_the_pure_builders():
    built = eligibility_facts(facts_at(REFERENCE), None, "20")
    assert built == lang_son()
    assert "late" not in built.participants and ("so-gt", "181") not in built.pledges


def test_the_ranking_is_the_shared_one_the_rankings_view_shows():
    built = eligibility_facts(facts_at(REFERENCE), None, "20")
    shown = assemble_ranking(facts_at(REFERENCE), "20")
    assert [(r.unit.code, r.rank) for r in built.ranking] == [(d["code"], d["rank"]) for d in shown["districts"]]
    assert built.xa_count["180"] == 22 and built.cluster_of("180").code == "border"


def test_a_revocation_after_the_reference_date_shows_on_the_check_day_as_known_then():
    now = eligibility_facts(facts_at(REFERENCE), facts_at(CHECK), "20")
    assert now.check_date == CHECK and "18001" in now.recognised_at_reference
    assert "18001" not in now.recognised_at_check and "18022" in now.recognised_at_check
    assert "18022" not in now.recognised_at_reference  # recognised after D: not at D
    before = eligibility_facts(facts_at(REFERENCE, LATE - timedelta(seconds=1)),
                               facts_at(CHECK, LATE - timedelta(seconds=1)), "20")
    assert "18001" in before.recognised_at_check
    same_day = eligibility_facts(facts_at(REFERENCE), facts_at(REFERENCE), "20")
    assert same_day.check_date is None and same_day.recognised_at_check is None
