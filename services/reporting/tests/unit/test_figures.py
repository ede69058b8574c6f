"""Figure ids (domain/figures.py): stable under reordering, identities not positions, escapes;
the difference between two versions of a report figure by figure."""
from reporting.domain.figures import diff, flatten


def report(**sections):
    return {"as_of": "2015-12-31", "known_at": "2016-01-05T00:00:00+07:00", **sections}


def test_items_are_named_by_identity_so_reordering_changes_no_id():
    a = report(districts=[{"code": "D01", "rate": 0.5}, {"code": "D02", "rate": 0.25}])
    b = report(districts=[{"code": "D02", "rate": 0.25}, {"code": "D01", "rate": 0.5}])
    assert flatten(a) == {"districts/D01/rate": 0.5, "districts/D02/rate": 0.25}
    assert flatten(a) == flatten(b)
    assert diff(a, b) == []


def test_composite_identity_escapes_and_indexes():
    figures = flatten(report(
        targets=[{"unit_code": "D01", "year": 2015, "met": True}],
        decisions=[{"number": "125/QĐ-UBND", "count": 3}],
        member_codes=["X1", "X2"],
        notes=[{"text": "a"}, {"text": "b"}],
        twins=[{"code": "T", "v": 1}, {"code": "T", "v": 2}],
        histogram={"0": 4, "19": 1},
    ))
    assert figures == {
        "targets/D01+2015/met": True,
        "decisions/125%2FQĐ-UBND/count": 3,
        "member_codes/#0": "X1", "member_codes/#1": "X2",
        "notes/#0/text": "a", "notes/#1/text": "b",
        "twins/T#0/v": 1, "twins/T#1/v": 2,
        "histogram/0": 4, "histogram/19": 1,
    }


def test_the_timeframe_is_not_a_figure_but_a_nested_as_of_is():
    figures = flatten(report(plans=[{"plan_code": "P1", "as_of": "x"}]))
    assert figures == {"plans/P1/as_of": "x"}


def test_diff_lists_changed_removed_and_added_figures_in_order():
    issued = report(province={"rate": 0.25, "recognised": 1}, districts=[{"code": "D01", "rate": 0.5}])
    now = report(province={"rate": 0.5, "recognised": 2}, districts=[{"code": "D02", "rate": 1}])
    assert diff(issued, now) == [
        {"figure": "province/rate", "change": "changed", "as_issued": 0.25, "as_known_now": 0.5},
        {"figure": "province/recognised", "change": "changed", "as_issued": 1, "as_known_now": 2},
        {"figure": "districts/D01/rate", "change": "removed", "as_issued": 0.5, "as_known_now": None},
        {"figure": "districts/D02/rate", "change": "added", "as_issued": None, "as_known_now": 1},
    ]


def test_a_change_of_type_is_a_change():
    assert diff(report(x={"n": 1}), report(x={"n": True})) == [
        {"figure": "x/n", "change": "changed", "as_issued": 1, "as_known_now": True}]
    assert diff(report(x={"n": 1}), report(x={"n": 1.0}))[0]["change"] == "changed"
