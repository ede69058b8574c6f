"""The whole 2011–2015 summary round (A9) on a recorded history of Lạng Sơn, through the HTTP APIs
of the running services on the real broker. Every outcome and refusal is checked against what the
test derives from the rules and its own counts (expected.py), never against another answer."""
import time
from datetime import date

from thidua_deploy.isolated import wait_until

from . import nominations, workflow
from .documents import check_documents
from .expected import (
    first, rank_in_cluster, rural_communes_by_district, second_or_third, standings, twenty_percent_cap,
)
from .published import check_published
from .reporting import check_awards_reported, check_rebuild
from .history import CLUSTERS, RECOGNISED, ok, record_history, refusal
from .round_api import ROUND, Awards, Dates

PRIZE = 200_000_000  # VND, A9(g)


def test_the_2011_2015_round(stack):
    started = time.monotonic()
    stack.start_all()
    xa = rural_communes_by_district()
    s = standings(xa)
    with stack.client("registry") as registry, stack.client("progress") as progress:
        h = record_history(registry, progress, xa)
        a = Awards(stack)
        try:
            facts_seen(a, s, h)
            history_done = time.monotonic()
            load_preset(a)
            nominations.all_nominations(a, h, s)
            workflow.withdraw_and_resubmit(a)
            then = a.dashboard()
            revoked = h.recognised("183")[1]
            before = a.nomination("provincial_flag_commune", revoked)
            check_dashboard(then, a, h)
            assert flagged_counts(then) == {}
            flagged = workflow.revoke(progress, a, revoked, "183")
            check_flag(flagged)
            assert flagged_counts(a.dashboard()) == {"provincial_flag_commune": 1}
            not_exemplary, refused = workflow.not_exemplary_and_refusals(h)
            workflow.receive_and_review(a, not_exemplary)
            workflow.decide_all(a, refused)
            workflow.confer_all(a)
            workflow.own_certificates(a, h)
            final = a.dashboard()
            check_dashboard(final, a, h)
            assert flagged_counts(final) == {}
            check_history(a, h)
            # known_at: what the system said then, said again (before the revocation and the decisions).
            assert without_clock(a.dashboard(known_at=then["known_at"])) == without_clock(then)
            assert without_clock(a.nomination("provincial_flag_commune", revoked, then["known_at"])) == \
                without_clock(before)
            check_documents(a, h)
            check_published(stack, a)
            check_awards_reported(stack, a.ledger)
            check_rebuild(stack)
        finally:
            a.close()
    print(f"round: history {history_done - started:.1f} s, round {time.monotonic() - history_done:.1f} s")


def facts_seen(a: Awards, s, h) -> None:
    """Awards has projected the history: the ranking is the test's, and the last participant is known."""
    ranking = wait_until(lambda: (r := a.get("/rankings/districts", as_of="2015-12-31"))
                         ["province"]["recognised"] == sum(RECOGNISED.values()) and r, 60)
    assert {d["code"]: d["rank"] for d in ranking["districts"]} == {d: x.rank for d, x in s.items()}
    assert set(ranking["candidates"]["A2"]) == first(s)
    assert set(ranking["candidates"]["A5"]) == second_or_third(s)
    in_cluster = {m["code"]: m["rank_in_cluster"] for c in ranking["clusters"] for m in c["members"]}
    assert in_cluster == rank_in_cluster(s) and "1, 2, 2, 4" in ranking["tie_rule"]["message_vi"]
    shortlist = a.get("/shortlists/recognised-communes", as_of="2015-12-31")
    assert {d["code"]: [c["code"] for c in d["communes"]] for d in shortlist["districts"]} == {
        d: h.recognised(d) for d in h.xa}


def load_preset(a: Awards) -> None:
    answer = a.command("load-round-preset", {"preset": ROUND}).json()
    assert answer["events"], answer
    again = a.command("load-round-preset", {"preset": ROUND}).json()
    assert again["events"] == [], again  # the same definition again: unchanged
    round_ = a.get(f"/rounds/{ROUND}")
    definition = round_["definition"]
    assert definition["reference_date"] == "2015-12-31"
    kinds = {k["code"]: k for k in definition["award_kinds"]}
    assert kinds["government_flag"]["prize"]["amount_vnd"] == 10_000_000_000
    assert kinds["pm_certificate"]["prize"]["amount_vnd"] == 1_000_000_000
    assert kinds["provincial_flag_district"]["prize"]["set_later"] is True
    a.dates = Dates(date.fromisoformat(definition["nominations_due"]))
    # A9(g): a provincial prize set later by the council's resolution; a central one is not.
    ok(a.command("set-prize", {"round_code": ROUND, "award_kind": "provincial_flag_commune", "amount_vnd": PRIZE,
                               "document_number": "15/2012/NQ-HĐND"}))
    code, error = refusal(a.command("set-prize", {"round_code": ROUND, "award_kind": "government_flag",
                                                  "amount_vnd": 1, "document_number": "15/2012/NQ-HĐND"}))
    assert (code, error["rule"]) == (422, "A9(g)"), error
    prize = a.get(f"/rounds/{ROUND}")["prizes"]["provincial_flag_commune"]
    assert (prize["amount_vnd"], prize["resolution"]) == (PRIZE, "15/2012/NQ-HĐND"), prize
    # The participants, registered last, have reached awards' facts too.
    wait_until(lambda: any(c["nominee"]["code"] == "DN-4" for c in a.get(
        f"/rounds/{ROUND}/candidates", award_kind="provincial_certificate_enterprise")), 60)


def without_clock(dashboard: dict) -> dict:
    return {k: v for k, v in dashboard.items() if k not in ("known_at", "check_date")}


def check_dashboard(board: dict, a: Awards, h) -> None:
    """Per kind: counts by status as the test's ledger has them; the quotas' usage and shortfalls."""
    expected = a.ledger.counts()
    for kind in board["kinds"]:
        counts = kind["counts"]
        mine = expected.get(kind["code"], {})
        for status in ("submitted", "withdrawn", "approved", "rejected", "conferred"):
            assert counts[status] == mine.get(status, 0), (kind["code"], status, counts, dict(mine))
        assert counts["under_review"] == mine.get("under_review", 0), (kind["code"], counts)
    # A9(e) 3 to 5 individuals per district: Bắc Sơn's five, Cao Lộc's two (a shortfall of one).
    rows = {q["key"]: q for q in board["quotas"] if q["award_kinds"] == ["provincial_certificate_individual"]}
    for d, (used, short) in {"185": (5, 0), "183": (2, 1)}.items():
        assert len(a.ledger.active("provincial_certificate_individual", d)) == used
        assert (rows[d]["used"], rows[d]["maximum"], rows[d]["minimum"], rows[d]["shortfall"]) == (used, 5, 3, short)
    # A9(e) 20% per district, rounded down, for every district (14 → 2, 17 → 3, 22 → 4, ...).
    share = {q["key"]: q for q in board["quotas"] if q["award_kinds"] == ["provincial_certificate_commune"]}
    assert {d: share[d]["maximum"] for d in h.xa} == {d: twenty_percent_cap(len(c)) for d, c in h.xa.items()}
    assert share["185"]["used"] == len(a.ledger.active("provincial_certificate_commune", "185")) == 3
    missing = {(m["rule"], m["figures"]["key"]): m for m in board["missing"]}
    assert set(missing) == expected_missing(a, h), sorted(missing)
    assert "Huyện Cao Lộc mới có 2/3" in missing[("A9(e)", "183")]["message_vi"], missing[("A9(e)", "183")]


def expected_missing(a: Awards, h) -> set[tuple[str, str]]:
    """The minima of A9 not reached, from the test's own ledger: each district's PM-certificate
    commune (b), flag commune (d) and 3 individuals (e); one flag district per cluster (c); one
    individual per department or mass organisation (e); the Government's flag (a)."""
    active = a.ledger.active
    gaps = {("A9(a)", ROUND)} if not active("government_flag") else set()
    for d in h.xa:
        gaps |= {("A9(b)", d)} if not active("pm_certificate", d) else set()
        gaps |= {("A9(d)", d)} if not active("provincial_flag_commune", d) else set()
        gaps |= {("A9(e)", d)} if len(active("provincial_certificate_individual", d)) < 3 else set()
    flagged = {c for c, (_, members) in CLUSTERS.items() for d in active("provincial_flag_district") if d in members}
    gaps |= {("A9(c)", c) for c in CLUSTERS if c not in flagged}
    for p in h.parties.values():
        if p.kind in ("department", "mass_organisation", "fatherland_front"):
            gaps |= {("A9(e)", p.code)} if not active("provincial_certificate_department_individual", p.code) else set()
    return gaps


def flagged_counts(board: dict) -> dict[str, int]:
    return {k["code"]: k["counts"]["flagged"] for k in board["kinds"] if k["counts"]["flagged"]}


def check_flag(nomination: dict) -> None:
    flag = next(f for f in nomination["flags"] if f["outcome"] == "fail")
    assert flag["rule"] == "A6" and flag["check"] == "recognised", flag
    assert flag["figures"]["recognised_at_reference"] is True and flag["figures"]["recognised_at_check"] is False


def check_history(a: Awards, h) -> None:
    n = a.nomination("pm_certificate", h.recognised("185")[0])
    assert n["status"] == "conferred" and n["flagged"] is False
    assert [e["event_type"] for e in n["history"]] == [
        "NominationSubmitted", "NominationReceived", "NominationReviewed", "NominationDecided", "AwardConferred"]
    assert n["history"][0]["actor"] == {"principal_id": "ubnd-huyen-bac-son", "role": "district_officer",
                                      "scope": "185", "principal_withheld": False}
    assert n["history"][3]["document_number"] == "120/QĐ-UBND"
    revoked = a.nomination("provincial_flag_commune", h.recognised("183")[1])
    assert revoked["status"] == "rejected" and revoked["decision"]["outcome"] == "rejected"
