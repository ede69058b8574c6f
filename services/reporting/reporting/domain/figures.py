"""Every figure of a report under a stable id, and the differences between two versions of one.

A figure id is the path of a leaf (number, text, truth value or null) in the report's JSON, its
segments joined by "/". An item of a list of objects is named by its identity, not its position,
so the same district keeps its id when a later version of the report orders or counts them
differently: the first of PRIMARY_KEYS it has (each alone names the item), else the values of the
COMPOSITE_KEYS it has joined by "+" (a target: "D01+2015"), else "#<index>"; two items with the
same identity in one list are both told apart by "#<index>". Lists of plain values are indexed. The keys that name an item are its id, not figures of it.
"/" and "%" inside a segment are percent-encoded ("125/QĐ-UBND" → "125%2FQĐ-UBND").

Reading: the report's own timeframe (`as_of`, `known_at` at the top) says when, not what; it is
not a figure, so two versions of the same report differ only where the facts did."""
from typing import Any

PRIMARY_KEYS = ("nomination_id", "code", "plan_code", "period_code", "number")
COMPOSITE_KEYS = ("unit_code", "supporter_code", "supported_code", "criterion", "year", "half")
TIMEFRAME_KEYS = ("as_of", "known_at")


def flatten(report: dict[str, Any]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for key, value in report.items():
        if key not in TIMEFRAME_KEYS:
            _walk(value, escape(str(key)), figures)
    return figures


def diff(as_issued: dict[str, Any], as_known_now: dict[str, Any]) -> list[dict[str, Any]]:
    """Figure by figure, in the issued report's order, then the figures only known now."""
    before, after = flatten(as_issued), flatten(as_known_now)
    changes = []
    for figure, value in before.items():
        if figure not in after:
            changes.append(_change(figure, "removed", value, None))
        elif after[figure] != value or type(after[figure]) is not type(value):
            changes.append(_change(figure, "changed", value, after[figure]))
    changes += [_change(figure, "added", None, value) for figure, value in after.items() if figure not in before]
    return changes


def _change(figure: str, change: str, issued: Any, now: Any) -> dict[str, Any]:
    return {"figure": figure, "change": change, "as_issued": issued, "as_known_now": now}


def _walk(value: Any, path: str, figures: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{path}/{escape(str(key))}", figures)
    elif isinstance(value, list):
        identities = [identity(item, index) for index, item in enumerate(value)]
        for segment, (_, used), item in zip(distinct(identities), identities, value):
            if used:  # the keys that name the item are its id, not figures of it
                item = {key: v for key, v in item.items() if key not in used}
            _walk(item, f"{path}/{segment}", figures)
    else:
        figures[path] = value


def distinct(identities: list[tuple[str, tuple[str, ...]]]) -> list[str]:
    """The segments of a list's items, "#<index>" added where two share one (the trace locates a
    figure with these, so an id is made in one place)."""
    segments = [segment for segment, _ in identities]
    seen: dict[str, int] = {}
    for segment in segments:
        seen[segment] = seen.get(segment, 0) + 1
    return [f"{s}#{i}" if seen[s] > 1 else s for i, s in enumerate(segments)]


def identity(item: Any, index: int) -> tuple[str, tuple[str, ...]]:
    """The item's segment and the keys it was made of."""
    if not isinstance(item, dict):
        return f"#{index}", ()
    for key in PRIMARY_KEYS:
        if _usable(item.get(key)):
            return escape(str(item[key])), (key,)
    used = tuple(key for key in COMPOSITE_KEYS if _usable(item.get(key)))
    return ("+".join(escape(str(item[key])) for key in used), used) if used else (f"#{index}", ())


def _usable(value: Any) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool) and value != ""


def escape(segment: str) -> str:
    """"/" and "%" of a segment percent-encoded."""
    return segment.replace("%", "%25").replace("/", "%2F")
