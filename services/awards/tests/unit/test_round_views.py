"""The round's views from the handlers' events: verdicts run again now, flags, the dashboard and
candidates, individuals' names withheld from roles without personal data, and every answer
reproduced at its `known_at`."""
from datetime import date, datetime, timedelta, timezone

import pytest

from awards.commands import RecordEmulationScore
from thidua_facts.timeframe import resolve
from thidua_kernel.errors import ThiduaError


def tf(world, known_at=None):
    return resolve(world.clock, None, known_at)


async def test_a_recognition_revoked_between_submission_and_decision_flags_and_blocks_approval(world):
    flag = (await world.submit("co-huyen", "185", "20"))["nomination_id"]
    await world.through(flag)  # the council finds Bắc Sơn exemplary (A6 for its xã)
    nid = (await world.submit("bk-xa", "b1", "185", world.district_185))["nomination_id"]
    await world.through(nid)
    before = world.clock.now()
    shown_before = await world.views.nominations(world.deps, "2016", tf(world), None, world.board)
    dashboard_before = await world.views.dashboard(world.deps, "2016", tf(world), None)
    world.clock.advance(timedelta(days=1))
    # b1's recognition is revoked on 2016-12-10 (after the reference date? no: the decision day is later).
    world.facts.revoke("b1", date(2016, 12, 10), world.clock.now())
    with pytest.raises(ThiduaError) as refused:
        await world.decide(nid)  # decided on 2016-12-20: the recognition no longer stands then
    assert refused.value.rule == "A6" and refused.value.status_code == 422
    assert "b1" in str(refused.value.figures) or "B1" in refused.value.message_vi
    [row] = await world.views.nominations(world.deps, "2016", tf(world), date(2016, 12, 20), world.board,
                                          award_kind="bk-xa")
    assert row["flagged"] and [f["rule"] for f in row["flags"]] == ["A6"] and row["status"] == "reviewed"
    dashboard = await world.views.dashboard(world.deps, "2016", tf(world), date(2016, 12, 20))
    counts = next(k["counts"] for k in dashboard["kinds"] if k["code"] == "bk-xa")
    assert counts["flagged"] == 1 and counts["under_review"] == 1
    # Rejection stays possible, with the verdicts that refused approval.
    rejected = await world.decide(nid, "rejected")
    assert rejected["status"] == "rejected" and any(v["outcome"] == "fail" for v in rejected["verdicts"])
    # As known before the revocation was entered, the views say what they said then.
    assert await world.views.nominations(world.deps, "2016", tf(world, before), None, world.board) == shown_before
    assert await world.views.dashboard(world.deps, "2016", tf(world, before), None) == dashboard_before
    assert not shown_before[1]["flagged"]


async def test_nominations_list_filters_and_history(world):
    await world.submit("co-huyen", "185", "20")
    await world.submit("bk-xa", "a1", "180", world.district_180)
    everything = await world.views.nominations(world.deps, "2016", tf(world), None, world.board)
    assert [n["nomination_id"] for n in everything] == ["2016/bk-xa/a1", "2016/co-huyen/185"]
    only = await world.views.nominations(world.deps, "2016", tf(world), None, world.board, district="180")
    assert [n["nominee"]["code"] for n in only] == ["a1"]
    one = await world.views.one_nomination(world.deps, "2016", "bk-xa", "a1", tf(world), None, world.board)
    assert one["history"][0]["event_type"] == "NominationSubmitted" and one["history"][0]["actor"] == {
        "principal_id": "ubnd-trang-dinh", "role": "district_officer", "scope": "180", "principal_withheld": False}
    assert one["nominee"] == {"code": "a1", "kind": "rural_commune", "name": "Xã A1", "district": "180",
                              "personal_data_withheld": False, "personal_data_erased": False}
    with pytest.raises(ThiduaError) as missing:
        await world.views.one_nomination(world.deps, "2016", "bk-xa", "a2", tf(world), None, world.board)
    assert (missing.value.status_code, missing.value.rule) == (404, "A11")
    with pytest.raises(ThiduaError) as no_round:
        await world.views.dashboard(world.deps, "2099", tf(world), None)
    assert (no_round.value.status_code, no_round.value.rule) == (404, "A10")


async def test_individual_names_are_withheld_from_roles_without_personal_data(world):
    await world.submit("bk-ca-nhan", "cb-1", "so-nn", world.department)
    for actor, shown in ((world.board, True), (world.records, True), (world.department, True),
                         (world.viewer, False), (world.district_180, False)):
        [row] = await world.views.nominations(world.deps, "2016", tf(world), None, actor)
        assert (row["nominee"]["name"] == "Nguyễn Văn Toàn") is shown
        assert row["nominee"]["personal_data_withheld"] is not shown
        assert ("Nguyễn Văn Toàn" in str(row)) is shown, (actor.role, row)
    rows = await world.views.candidates(world.deps, "2016", "bk-ca-nhan", tf(world), None, world.viewer)
    assert {r["nominee"]["code"] for r in rows} == {"cb-1", "hd-1"}
    assert all(r["nominee"]["name"] is None for r in rows) and "Hoàng Văn Sáng" not in str(rows)


async def test_candidates_with_each_rule_they_pass_or_fail(world):
    rows = await world.views.candidates(world.deps, "2016", "co-huyen", tf(world), None, world.viewer)
    verdicts = {r["nominee"]["code"]: [(v["rule"], v["outcome"]) for v in r["verdicts"]] for r in rows}
    assert verdicts["185"][0] == ("A2", "pass") and verdicts["180"][0] == ("A2", "fail")
    assert set(verdicts) == {"180", "184", "185"}
    with pytest.raises(ThiduaError) as unknown:
        await world.views.candidates(world.deps, "2016", "khong-co", tf(world), None, world.viewer)
    assert (unknown.value.status_code, unknown.value.rule) == (404, "A10")


async def test_rounds_listed_as_known_at(world):
    before = world.clock.now() - timedelta(days=1)
    assert await world.views.list_rounds(world.deps, tf(world, before)) == []
    [listed] = await world.views.list_rounds(world.deps, tf(world))
    assert listed["code"] == "2016" and listed["version"] == 1 and listed["preset"] is None


async def test_emulation_scores_are_ranked_within_their_group(world):
    def score(unit: str, value: float, group: str = "noi-dia", year: int = 2015) -> RecordEmulationScore:
        return RecordEmulationScore(year=year, group_code=group, unit_code=unit, score=value, movement_score=value / 4)

    for unit, value in (("184", 90.0), ("185", 95.5)):
        assert (await world.run(world.scores, "record_emulation_score", score(unit, value)))["unchanged"] is False
    assert (await world.run(world.scores, "record_emulation_score", score("184", 90.0)))["unchanged"] is True
    await world.run(world.scores, "record_emulation_score", score("so-nn", 80.0, "khoi-kt"))
    for bad, rule in ((score("180", 50.0), "A1"), (score("184", 50.0, year=2011), "A1"),
                      (score("184", 50.0, "khong-co"), "A1")):
        with pytest.raises(ThiduaError) as refused:
            await world.run(world.scores, "record_emulation_score", bad)
        assert refused.value.rule == rule
    ranked = await world.score_views.emulation_scores(world.deps, 2015, "noi-dia", tf(world))
    assert [(m["unit_code"], m["rank"]) for m in ranked["members"]] == [("185", 1), ("184", 2)]
    both = await world.score_views.emulation_scores(world.deps, 2015, None, tf(world))
    assert [g["group_code"] for g in both["groups"]] == ["khoi-kt", "noi-dia"]
    assert len(world.events("EmulationScoreRecorded")) == 3
    early = datetime(2016, 1, 1, tzinfo=timezone.utc)
    assert (await world.score_views.emulation_scores(world.deps, 2015, "noi-dia", tf(world, early)))["members"] == []


async def test_a_recognition_revoked_after_the_reference_date_fails_only_from_its_day(world):
    """`recognised` is judged at the reference date and, when later, on the day of the check."""
    flag = (await world.submit("co-huyen", "185", "20"))["nomination_id"]
    await world.through(flag)
    nid = (await world.submit("bk-xa", "b2", "185", world.district_185))["nomination_id"]
    await world.through(nid)
    world.facts.revoke("b2", date(2017, 1, 5), world.clock.now())
    [before] = await world.views.nominations(world.deps, "2016", tf(world), date(2017, 1, 4), world.board,
                                             award_kind="bk-xa")
    [after] = await world.views.nominations(world.deps, "2016", tf(world), date(2017, 1, 5), world.board,
                                            award_kind="bk-xa")
    assert not before["flagged"] and after["flagged"] and after["flags"][0]["rule"] == "A6"
    with pytest.raises(ThiduaError) as refused:
        await world.decide(nid, day="2017-01-10")
    assert refused.value.rule == "A6"
    assert (await world.decide(nid, day="2017-01-04"))["status"] == "approved"  # dated before the revocation
