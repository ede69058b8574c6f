"""The whole 2011–2015 summary round (A9) on a recorded history of Lạng Sơn, through the HTTP APIs."""
import time

from thidua_deploy.isolated import wait_until

from .expected import first, rural_communes_by_district, second_or_third, standings
from .history import PROVINCE, RECOGNISED, record_history


def test_the_2011_2015_round(stack):
    started = time.monotonic()
    stack.start_all()
    xa = rural_communes_by_district()
    expected = standings(xa)
    with stack.client("registry") as registry, stack.client("progress") as progress:
        h = record_history(registry, progress, xa)
    print(f"history recorded in {time.monotonic() - started:.1f} s")
    with stack.client("awards") as awards:
        ranking = wait_until(lambda: (r := awards.get("/rankings/districts", params={"as_of": "2015-12-31"}).json())
                             ["province"]["recognised"] == sum(RECOGNISED.values()) and r, 60)
        print(f"awards caught up at {time.monotonic() - started:.1f} s")
        assert {d["code"]: d["rank"] for d in ranking["districts"]} == {d: s.rank for d, s in expected.items()}
        assert set(ranking["candidates"]["A2"]) == first(expected)
        assert set(ranking["candidates"]["A5"]) == second_or_third(expected)
