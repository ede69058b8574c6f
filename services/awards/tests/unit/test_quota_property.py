"""Hypothesis: no sequence of submissions, withdrawals and decisions ever leaves a quota over its
maximum, and the dashboard's usage always equals the active nominations it counts."""
from hypothesis import given, settings
from hypothesis import strategies as st

from awards.adapters.presets import preset
from awards.domain.decisions import decide_decision, decide_withdraw
from awards.domain.quotas import usage
from awards.domain.testing import DAY, RoundLog, lang_son, xa_codes
from thidua_kernel.errors import ThiduaError

PRESET = preset("2011-2015")
FACTS = lang_son(recognised={"180": 10, "182": 6})
# (kind, nominee, nominator) moves over the kinds with the tightest quotas
NOMINEES = ([("provincial_certificate_commune", x, "180") for x in xa_codes("180")[:10]]
            + [("provincial_certificate_commune", x, "182") for x in xa_codes("182")[:6]]
            + [("provincial_certificate_individual", f"cb-180-{i}", "180") for i in range(1, 7)]
            + [("pm_certificate", x, "182") for x in xa_codes("182")[:3]]
            + [("provincial_flag_district", d, "20") for d in ("180", "181")]
            + [("government_flag", d, "20") for d in ("185", "180")])
MOVES = st.lists(st.tuples(st.sampled_from(["submit", "withdraw", "advance", "reject"]),
                           st.integers(0, len(NOMINEES) - 1)), max_size=40)


def setup() -> RoundLog:
    log = RoundLog.of(PRESET, FACTS)
    for district in ("180", "182"):  # the council's finding on both districts (A6)
        log.submit("provincial_certificate_district", district, "20")
        log.advance(log.nid("provincial_certificate_district", district), "reviewed")
    return log


@settings(max_examples=60, deadline=None)
@given(MOVES)
def test_quotas_hold_under_any_sequence(moves):
    log = setup()
    for action, index in moves:
        kind, nominee, by = NOMINEES[index]
        nid = log.nid(kind, nominee)
        try:
            if action == "submit":
                log.submit(kind, nominee, by)
            elif action == "withdraw":
                log.append(decide_withdraw(log.state, nid, DAY, "rút"))
            elif action == "advance":
                log.advance(nid, "approved")
            else:
                log.advance(nid, "reviewed")
                log.append(decide_decision(log.state, nid, "rejected", "x", "1/QĐ", DAY, FACTS))
        except (ThiduaError, KeyError):
            pass  # refused (or never submitted): nothing appended
        state = log.state
        for row in usage(state, FACTS):
            assert row["maximum"] is None or row["used"] <= row["maximum"], row
        active = {n.nomination_id for n in state.active()}
        assert all(n.status in ("withdrawn", "rejected") for n in state.nominations.values()
                   if n.nomination_id not in active)
