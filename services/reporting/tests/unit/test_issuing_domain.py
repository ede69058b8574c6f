"""Issuing a report, pure: a number issued once, its days, and which known_at may be issued at."""
from datetime import date, datetime, timedelta, timezone

import pytest

from contracts.reporting import ReportIssued, ReportIssuer
from thidua_kernel.errors import DomainRefusal

from reporting.catch_up import NotCaughtUp, Seen, final_known_at
from reporting.domain.issuing import IssueTerms, check_days, comparison, decide_again, fold_issued, settled_as_of

K = datetime(2016, 1, 5, 3, tzinfo=timezone.utc)
TERMS = IssueTerms("125/BC-UBND", "consolidated", {}, date(2016, 1, 5), date(2015, 12, 31), K)
ISSUED = ReportIssued(number="125/BC-UBND", kind="consolidated", parameters={}, province_code="20",
                      issued_on=date(2016, 1, 5), issuer=ReportIssuer(principal_id="b", role="province_board", scope="20"),
                      as_of=date(2015, 12, 31), known_at=K, hashes={"json": "a", "docx": "b"})


def test_the_same_terms_again_pass_and_known_at_left_out_takes_the_recorded_one():
    decide_again(ISSUED, TERMS)
    decide_again(ISSUED, IssueTerms(**{**TERMS.__dict__, "known_at": None}))


@pytest.mark.parametrize("change", [{"kind": "thematic"}, {"parameters": {"year": 2015}}, {"as_of": date(2015, 6, 30)},
                                    {"issued_on": date(2016, 1, 6)}, {"known_at": K + timedelta(seconds=1)}])
def test_other_terms_under_an_issued_number_are_refused_naming_r2_and_what_differs(change):
    with pytest.raises(DomainRefusal) as refused:
        decide_again(ISSUED, IssueTerms(**{**TERMS.__dict__, **change}))
    assert refused.value.rule == "R2" and refused.value.figures["differs"] == list(change)
    assert "125/BC-UBND" in refused.value.message_vi


def test_days_of_issue_not_in_the_future_and_as_of_not_after_it():
    check_days(TERMS, date(2016, 1, 5))
    with pytest.raises(DomainRefusal, match="future"):
        check_days(TERMS, date(2016, 1, 4))
    with pytest.raises(DomainRefusal, match="after its day of issue"):
        check_days(IssueTerms(**{**TERMS.__dict__, "as_of": date(2016, 1, 6)}), date(2016, 2, 1))


def test_known_at_is_final_only_up_to_the_caught_up_moment_less_the_relay_margin():
    seen = Seen(K, 0, {"ntm_facts": "caught_up"})
    assert final_known_at(seen, None, 2.0) == K - timedelta(seconds=2)
    assert final_known_at(seen, K - timedelta(seconds=3), 2.0) == K - timedelta(seconds=3)
    with pytest.raises(NotCaughtUp) as late:
        final_known_at(seen, K - timedelta(seconds=1), 2.0)
    assert late.value.status_code == 503 and late.value.headers["Retry-After"] == "1"
    assert late.value.rule == "R2" and late.value.figures["latest_known_at"] == (K - timedelta(seconds=2)).isoformat()
    with pytest.raises(NotCaughtUp) as behind:
        final_known_at(Seen(None, 7, {"ntm_facts": "running"}), K - timedelta(days=1), 2.0)
    assert behind.value.figures["lag"] == 7 and behind.value.figures["caught_up_through"] is None


def test_the_act_is_read_as_known_and_compared_hash_by_hash():
    payload = ISSUED.model_dump(mode="json")
    assert fold_issued("125/BC-UBND", [(payload, K)], K - timedelta(seconds=1)) is None
    assert fold_issued("125/BC-UBND", [(payload, K)], K) == (ISSUED, K)
    assert comparison(ISSUED, {"json": "a", "docx": "c"}) == {"json": True, "docx": False}


def test_as_of_left_out_takes_the_recorded_one_and_a_kinds_own_as_of_must_match():
    decide_again(ISSUED, IssueTerms(**{**TERMS.__dict__, "as_of": None}))
    assert settled_as_of(TERMS, date(2015, 12, 31)) == date(2015, 12, 31)
    assert settled_as_of(IssueTerms(**{**TERMS.__dict__, "as_of": None}), date(2015, 12, 31)) == date(2015, 12, 31)
    with pytest.raises(DomainRefusal) as other:
        settled_as_of(TERMS, date(2015, 6, 30))
    assert other.value.rule == "R2" and other.value.figures["report_as_of"] == "2015-06-30"
    with pytest.raises(DomainRefusal, match="after its day of issue"):
        settled_as_of(IssueTerms(**{**TERMS.__dict__, "as_of": None}), date(2016, 1, 6))
