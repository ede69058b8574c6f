"""The whole 2011–2015 summary round (A9) on a recorded history of Lạng Sơn, through the HTTP APIs
of the running services on the real broker. Every outcome and refusal is checked against what the
test derives from the rules and its own counts (expected.py), never against another answer."""
import time
from datetime import date

from thidua_deploy.isolated import wait_until

from . import nominations, workflow
from .documents import check_documents
from .expected import first, rural_communes_by_district, second_or_third, standings
from .history import RECOGNISED, record_history
from .round_api import ROUND, Awards, Dates


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
            check_dashboard(then, a, h)
            flagged = workflow.revoke(progress, a, h.recognised("183")[1], "183")
            check_flag(flagged)
            not_exemplary, refused = workflow.not_exemplary_and_refusals(h)
            workflow.receive_and_review(a, not_exemplary)
            workflow.decide_all(a, refused)
            workflow.confer_all(a)
            workflow.own_certificates(a, h)
            check_dashboard(a.dashboard(), a, h)
            check_history(a, h)
            assert without_clock(a.dashboard(known_at=then["known_at"])) == without_clock(then)
            check_documents(a, h)
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
    wait_until(lambda: any(c["nominee"]["code"] == "DN-4" for c in a.get(
        f"/rounds/{ROUND}/candidates", award_kind="provincial_certificate_enterprise")), 60)


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


def without_clock(dashboard: dict) -> dict:
    return {k: v for k, v in dashboard.items() if k != "known_at"}


def check_dashboard(board: dict, a: Awards, h) -> None:
    """Per kind: counts by status as the test's ledger has them; the quotas' usage and shortfalls."""
    expected = a.ledger.counts()
    for kind in board["kinds"]:
        counts = kind["counts"]
        mine = expected.get(kind["code"], {})
        for status in ("submitted", "withdrawn", "approved", "rejected", "conferred"):
            assert counts[status] == mine.get(status, 0), (kind["code"], status, counts, dict(mine))
        assert counts["under_review"] == mine.get("under_review", 0), (kind["code"], counts)
    individuals = [q for q in board["quotas"] if "provincial_certificate_individual" in str(q)
                   and q["key"] in ("183", "185")]
    by_key = {q["key"]: q for q in individuals if q.get("minimum") == 3}
    assert by_key["183"]["used"] == 2 and by_key["183"]["shortfall"], by_key
    assert by_key["185"]["used"] == 5 and not by_key["185"]["shortfall"], by_key
    missing = " ".join(m["message_vi"] for m in board["missing"])
    assert "Huyện Văn Quan" in missing and "2 " in missing, board["missing"]


def check_flag(nomination: dict) -> None:
    flag = next(f for f in nomination["flags"] if f["outcome"] == "fail")
    assert flag["rule"] == "A6" and flag["check"] == "recognised", flag
    assert flag["figures"]["recognised_at_reference"] is True and flag["figures"]["recognised_at_check"] is False


def check_history(a: Awards, h) -> None:
    n = a.nomination("pm_certificate", h.recognised("185")[0])
    assert n["status"] == "conferred" and n["flagged"] is False
    assert [e["event_type"] for e in n["history"]] == [
        "NominationSubmitted", "NominationReceived", "NominationReviewed", "NominationDecided", "AwardConferred"]
    assert n["history"][0]["actor"] == "ubnd-huyen-bac-son" and n["history"][3]["document_number"] == "120/QĐ-UBND"
    revoked = a.nomination("provincial_flag_commune", h.recognised("183")[1])
    assert revoked["status"] == "rejected" and revoked["decision"]["outcome"] == "rejected"
