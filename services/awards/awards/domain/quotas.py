"""Quotas of a round (contracts.awards Quota; A9): counted per group, judged at submission and at
approval, and shown per group on the dashboard.

Readings:
- A quota counts the nominations of its award kinds (and of its nominee kinds, when it names
  some) in one group: the round; the nominee's district (a commune's district, a district itself,
  a participant's first district up its parent chain, from the facts, else as submitted); that
  district's cluster (U2); the nominating unit. A nominee in no district (no cluster) is counted
  in no district (cluster) group.
- At submission the active nominations count (submitted, received, reviewed, approved,
  conferred), plus the new one; at approval the approved and conferred ones, plus this one.
  `maximum` is refused beyond; `minimum` only shows as a shortfall on the dashboard.
- share_of_communes_pct (A9(e), 20%): at most floor(n × pct / 100) per district, n = the
  district's xã at the reference date, integer arithmetic (14 → 2, 17 → 3, 22 → 4); with a
  maximum too, the smaller limit holds.
"""
from contracts.awards import Quota, Verdict

from .eligibility_facts import EligibilityFacts
from .messages import en_name
from .nominees import DEPARTMENT_KINDS, Nominee
from .round_state import ACTIVE, NominationState, RoundState


def applies(quota: Quota, award_kind: str, nominee_kind: str) -> bool:
    return award_kind in quota.award_kinds and (quota.nominee_kinds is None or nominee_kind in quota.nominee_kinds)


def group_key(quota: Quota, round_code: str, district: str | None, nominating_unit: str,
              facts: EligibilityFacts) -> str | None:
    if quota.group == "round":
        return round_code
    if quota.group == "nominee_district":
        return district
    if quota.group == "nominee_cluster":
        cluster = facts.cluster_of(district)
        return cluster.code if cluster is not None else None
    return nominating_unit


def limit(quota: Quota, key: str, facts: EligibilityFacts) -> int | None:
    limits = [] if quota.maximum is None else [quota.maximum]
    if quota.share_of_communes_pct is not None:
        limits.append(facts.xa_count.get(key, 0) * quota.share_of_communes_pct // 100)
    return min(limits) if limits else None


def district_of(nomination: NominationState, facts: EligibilityFacts) -> str | None:
    known = nomination.nominee.code in facts.units or nomination.nominee.code in facts.participants
    return facts.district_of(nomination.nominee.code) if known else nomination.nominee.district_code


def key_of(quota: Quota, state: RoundState, n: NominationState, facts: EligibilityFacts) -> str | None:
    return group_key(quota, state.code, district_of(n, facts), n.nominating_unit, facts)


def used(state: RoundState, quota: Quota, key: str, facts: EligibilityFacts,
         statuses: frozenset[str] = ACTIVE, exclude: str | None = None) -> int:
    return sum(1 for n in state.nominations.values()
               if n.status in statuses and n.nomination_id != exclude
               and applies(quota, n.award_kind, n.nominee.kind) and key_of(quota, state, n, facts) == key)


def key_label(quota: Quota, key: str, facts: EligibilityFacts) -> tuple[str, str]:
    if quota.group == "round":
        return "cả đợt", "the whole round"
    if quota.group == "nominee_cluster":
        cluster = next((c for c in facts.clusters if c.code == key), None)
        name = cluster.name if cluster is not None else key
        return name, name
    name = facts.name_of(key)
    return name, en_name(name)


def _share(quota: Quota, key: str, facts: EligibilityFacts, cap: int) -> tuple[str, str, dict]:
    if quota.share_of_communes_pct is None:
        return "", "", {}
    pct, n = quota.share_of_communes_pct, facts.xa_count.get(key, 0)
    return (f" ({pct}% của {n} xã = {cap})", f" ({pct}% of {n} xã = {cap})",
            {"share_of_communes_pct": pct, "communes": n})


def quota_verdicts(state: RoundState, award_kind: str, nominee: Nominee, nominating_unit: str,
                   facts: EligibilityFacts, statuses: frozenset[str] = ACTIVE,
                   exclude: str | None = None) -> list[Verdict]:
    """Each quota with a limit that the nomination falls under: counted with it (used + 1)."""
    assert state.definition is not None
    found = []
    for quota in state.definition.quotas:
        if not applies(quota, award_kind, nominee.kind):
            continue
        key = group_key(quota, state.code, nominee.district_code, nominating_unit, facts)
        cap = limit(quota, key, facts) if key is not None else None
        if key is None or cap is None:
            continue
        count = used(state, quota, key, facts, statuses, exclude) + 1
        label_vi, label_en = key_label(quota, key, facts)
        share_vi, share_en, share = _share(quota, key, facts, cap)
        over_vi, over_en = (" — vượt chỉ tiêu", " — over the quota") if count > cap else ("", "")
        found.append(Verdict(
            rule=quota.rule, check="quota", outcome="fail" if count > cap else "pass",
            message_vi=f"{quota.rule}: {quota.description_vi} — {label_vi}: {count}/{cap}{share_vi}{over_vi}",
            message_en=f"{quota.rule}: {quota.description_en} — {label_en}: {count}/{cap}{share_en}{over_en}",
            figures={"group": quota.group, "key": key, "used": count, "maximum": cap} | share))
    return found


def expected_keys(quota: Quota, state: RoundState, facts: EligibilityFacts) -> list[str]:
    """The groups a dashboard lists even when nothing is nominated in them yet."""
    if quota.group == "round":
        return [state.code]
    if quota.group == "nominee_district":
        return facts.districts()
    if quota.group == "nominee_cluster":
        return [c.code for c in facts.clusters]
    by = {b for k in quota.award_kinds if (kind := state.kind(k)) is not None for b in kind.nominated_by}
    keys = [facts.province_code] if "province" in by else []
    keys += facts.districts() if "district" in by else []
    if "department" in by:
        keys += sorted(p.code for p in facts.participants.values()
                       if p.kind in DEPARTMENT_KINDS and p.parent_code in (None, facts.province_code))
    return keys


def usage(state: RoundState, facts: EligibilityFacts) -> list[dict]:
    """Per quota and group: {rule, group, key, name, used, maximum, minimum, shortfall}."""
    if state.definition is None:
        return []
    rows = []
    for index, quota in enumerate(state.definition.quotas):
        counts: dict[str, int] = {key: 0 for key in expected_keys(quota, state, facts)}
        for n in state.active():
            if applies(quota, n.award_kind, n.nominee.kind) and (key := key_of(quota, state, n, facts)) is not None:
                counts[key] = counts.get(key, 0) + 1
        for key in sorted(counts):
            minimum = quota.minimum
            rows.append({"rule": quota.rule, "quota": index, "group": quota.group, "key": key,
                         "name": key_label(quota, key, facts)[0], "award_kinds": list(quota.award_kinds),
                         "used": counts[key], "maximum": limit(quota, key, facts), "minimum": minimum,
                         "shortfall": max(0, minimum - counts[key]) if minimum is not None else 0})
    return rows


def missing(state: RoundState, facts: EligibilityFacts, rows: list[dict] | None = None) -> list[dict]:
    """The shortfalls: "Huyện Văn Quan mới có 2/3 — ..." (a minimum not reached yet)."""
    assert state.definition is not None or not rows
    found = []
    for row in usage(state, facts) if rows is None else rows:
        if not row["shortfall"]:
            continue
        quota = state.definition.quotas[row["quota"]]  # type: ignore[union-attr]
        label_vi, label_en = (label[:1].upper() + label[1:] for label in key_label(quota, row["key"], facts))
        found.append({
            "rule": row["rule"],
            "message_vi": f"{row['rule']}: {label_vi} mới có {row['used']}/{row['minimum']} — {quota.description_vi}",
            "message_en": f"{row['rule']}: {label_en} has {row['used']} of at least {row['minimum']}"
                          f" — {quota.description_en}",
            "figures": {k: row[k] for k in ("group", "key", "used", "minimum", "shortfall", "award_kinds")},
        })
    return found
