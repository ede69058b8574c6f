"""U8: the hierarchy at (as_of, known_at), folded from unit changes, by hand."""
from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua_facts.domain.hierarchy import Hierarchy, fold_units, u8_unit_on, u8_unit_timeline, unit_for_command
from thidua_facts.testing import T0, dissolved, moved, registered, renamed

LATER = T0 + timedelta(days=3000)
BASE = [registered("20", "province", None, name="Tỉnh Lạng Sơn"), registered("180", "rural_district", "20"),
        registered("181", "rural_district", "20")]


def states(changes, day: date, known_at: datetime | None = None):
    return fold_units(changes, day, known_at)


def test_registration_opens_and_dissolution_closes_the_unit():
    changes = BASE + [registered("a", "rural_commune", "180", date(2012, 1, 1)),
                      dissolved("a", date(2020, 1, 1), 2, successor="b")]
    assert "a" not in states(changes, date(2011, 12, 31))
    assert states(changes, date(2012, 1, 1))["a"].exists_on(date(2012, 1, 1))
    gone = states(changes, date(2020, 1, 1))["a"]
    assert not gone.exists_on(date(2020, 1, 1)) and gone.effective_to == date(2020, 1, 1)
    assert gone.successor_code == "b" and gone.parent_code == "180"  # the last state is kept


def test_a_township_renamed_and_retyped_counts_as_xa_from_that_date():
    changes = BASE + [registered("tt", "township", "180", name="Thị trấn Bình Gia"),
                      renamed("tt", "Xã Bình Gia", date(2025, 7, 1), 2, unit_type="rural_commune")]
    before = Hierarchy.of(changes, date(2025, 6, 30), None)
    after = Hierarchy.of(changes, date(2025, 7, 1), None)
    assert before.rural_communes_of("180") == [] and before.state("tt").name == "Thị trấn Bình Gia"
    assert [u.code for u in after.rural_communes_of("180")] == ["tt"] and after.state("tt").name == "Xã Bình Gia"


def test_a_move_changes_the_district_from_its_date():
    changes = BASE + [registered("a", "rural_commune", "180"), moved("a", "181", date(2015, 3, 1), 2)]
    assert [u.code for u in Hierarchy.of(changes, date(2015, 2, 28), None).rural_communes_of("180")] == ["a"]
    h = Hierarchy.of(changes, date(2015, 3, 1), None)
    assert h.rural_communes_of("180") == [] and [u.code for u in h.rural_communes_of("181")] == ["a"]


def test_same_day_changes_apply_in_stream_order_and_recording_order_does_not_matter():
    day = date(2016, 1, 1)
    changes = BASE + [registered("a", "rural_commune", "180"), renamed("a", "First", day, 3),
                      renamed("a", "Second", day, 2)]
    assert states(changes, day)["a"].name == "First"  # version 3 is the later decision
    assert states(list(reversed(changes)), day)["a"].name == "First"


def test_changes_before_registration_or_after_dissolution_are_ignored_and_a_second_registration_too():
    changes = BASE + [registered("a", "rural_commune", "180", date(2012, 1, 1)),
                      renamed("a", "Too early", date(2011, 6, 1), 2), dissolved("a", date(2014, 1, 1), 3),
                      moved("a", "181", date(2015, 1, 1), 4),
                      registered("a", "ward", "181", date(2013, 1, 1), version=1)]  # a repeated delivery, say
    state = states(changes, date(2016, 1, 1))["a"]
    assert (state.name, state.unit_type, state.parent_code, state.effective_to) == (
        "rural_commune a", "rural_commune", "180", date(2014, 1, 1))


def test_changes_recorded_after_known_at_are_not_seen():
    changes = BASE + [registered("a", "rural_commune", "180"),
                      dissolved("a", date(2015, 1, 1), 2, at=LATER)]  # a 2015 merger, entered years later
    assert states(changes, date(2016, 1, 1), known_at=LATER - timedelta(seconds=1))["a"].effective_to is None
    assert states(changes, date(2016, 1, 1), known_at=LATER)["a"].effective_to == date(2015, 1, 1)
    assert "a" not in states(changes, date(2016, 1, 1), known_at=T0 - timedelta(seconds=1))


def test_the_province_keeps_the_xa_of_an_abolished_district_and_those_moved_under_it():
    changes = BASE + [registered("a", "rural_commune", "180"), registered("b", "rural_commune", "181"),
                      registered("c", "rural_commune", "180"), registered("p", "ward", "180"),
                      registered("901", "rural_district", "99"), registered("x", "rural_commune", "901"),
                      moved("b", "20", date(2025, 7, 1), 2), dissolved("180", date(2025, 7, 1), 2)]
    h = Hierarchy.of(changes, date(2025, 7, 1), None)
    assert [u.code for u in h.province_rural_communes("20")] == ["a", "b", "c"]
    assert [u.code for u in h.districts_of("20")] == ["181"] and h.rural_communes_of("181") == []
    assert [u.code for u in h.provinces()] == ["20"] and h.name_of("20") == "Tỉnh Lạng Sơn"
    assert h.existing("180") is None and h.state("180") is not None and h.name_of("nope") is None


def test_a_command_sees_the_unit_of_its_date_with_its_whole_lifetime():
    changes = BASE + [registered("a", "township", "180", date(2012, 1, 1)),
                      renamed("a", "Xã A", date(2016, 1, 1), 2, unit_type="rural_commune"),
                      moved("a", "181", date(2016, 1, 1), 3), dissolved("a", date(2020, 1, 1), 4)]
    in_2014 = unit_for_command(changes, "a", date(2014, 1, 1))
    assert (in_2014.unit_type, in_2014.parent_code, in_2014.effective_to) == ("township", "180", date(2020, 1, 1))
    in_2017 = unit_for_command(changes, "a", date(2017, 1, 1))
    assert (in_2017.unit_type, in_2017.parent_code) == ("rural_commune", "181")
    before = unit_for_command(changes, "a", date(2011, 1, 1))  # not yet: its first state, for a U8 refusal
    assert before.unit_type == "township" and not before.exists_on(date(2011, 1, 1))
    after = unit_for_command(changes, "a", date(2021, 1, 1))  # gone: its last state
    assert after.parent_code == "181" and not after.exists_on(date(2021, 1, 1))
    assert unit_for_command(changes, "nope", date(2014, 1, 1)) is None
    assert unit_for_command(changes, "a", date(2014, 1, 1), known_at=T0 - timedelta(days=1)) is None


def test_all_rural_communes_of_every_province():
    changes = BASE + [registered("901", "rural_district", "99"), registered("x", "rural_commune", "901"),
                      registered("a", "rural_commune", "180"), registered("t", "township", "180")]
    assert [u.code for u in Hierarchy.of(changes, date(2014, 1, 1), None).all_rural_communes()] == ["a", "x"]


def test_known_at_is_compared_as_an_instant_whatever_its_zone():
    vietnam = timezone(timedelta(hours=7))
    changes = BASE + [registered("a", "rural_commune", "180", at=datetime(2015, 1, 1, 10, tzinfo=timezone.utc))]
    assert "a" in states(changes, date(2016, 1, 1), datetime(2015, 1, 1, 17, tzinfo=vietnam))
    assert "a" not in states(changes, date(2016, 1, 1), datetime(2015, 1, 1, 16, 59, tzinfo=vietnam))


def _state_by_definition(changes, code: str, as_of: date, known_at):
    """U8 as DOMAIN.md reads it, step by step: fold the changes known at K and dated by D, in
    (effective date, stream version) order; the reference the one fold (a timeline) must equal."""
    state = None
    for c in sorted((c for c in changes if c.code == code and c.effective_date <= as_of
                     and (known_at is None or c.recorded_at <= known_at)),
                    key=lambda c: (c.effective_date, c.stream_version)):
        if c.kind == "registered":
            if state is None:
                state = {"name": c.name, "unit_type": c.unit_type, "parent_code": c.parent_code,
                         "effective_from": c.effective_date, "effective_to": None}
        elif state is None or state["effective_to"] is not None:
            continue
        elif c.kind == "renamed":
            state |= {"name": c.name or state["name"], "unit_type": c.unit_type or state["unit_type"]}
        elif c.kind == "moved":
            state |= {"parent_code": c.parent_code}
        elif c.kind == "dissolved":
            state |= {"effective_to": c.effective_date}
    return state


DAYS = st.dates(date(2011, 1, 1), date(2013, 12, 31))


@st.composite
def unit_histories(draw):
    changes, version = [], 0
    for _ in range(draw(st.integers(1, 7))):
        version += 1
        day, at = draw(DAYS), T0 + timedelta(hours=draw(st.integers(0, 30)))
        kind = draw(st.sampled_from(["registered", "renamed", "moved", "dissolved"]))
        if kind == "registered":
            changes.append(registered("u", draw(st.sampled_from(["rural_commune", "township"])), "180", day,
                                      version, name=f"Xã {version}", at=at))
        elif kind == "renamed":
            changes.append(renamed("u", f"Tên {version}", day, version, at=at,
                                   unit_type=draw(st.sampled_from([None, "rural_commune"]))))
        elif kind == "moved":
            changes.append(moved("u", draw(st.sampled_from(["180", "181"])), day, version, at=at))
        else:
            changes.append(dissolved("u", day, version, at=at))
    return changes


@settings(max_examples=200, deadline=None)
@given(unit_histories(), DAYS, st.one_of(st.none(), st.integers(-1, 31)))
def test_the_one_fold_gives_the_state_the_definition_gives_at_every_date_and_known_at(changes, as_of, hours):
    known_at = None if hours is None else T0 + timedelta(hours=hours, minutes=30)
    want = _state_by_definition(changes, "u", as_of, known_at)
    got = u8_unit_on(changes, "u", as_of, known_at)
    if want is None:
        assert got is None
    else:
        assert (got.name, got.unit_type, got.parent_code, got.effective_from, got.effective_to) == (
            want["name"], want["unit_type"], want["parent_code"], want["effective_from"], want["effective_to"])
    timeline = u8_unit_timeline(changes, known_at)
    on = timeline.on(as_of) if timeline else None
    assert (on is not None) == (want is not None and want["effective_to"] is None)
    if on is not None:
        assert (on.name, on.unit_type, on.parent_code) == (want["name"], want["unit_type"], want["parent_code"])
