"""The answers the test expects, derived here from the plan's rules and the test's own counts:
the xã of each district straight from the reference package (not through any service), rates as
exact fractions, competition ranks ("1224"), the 20% cap in integer arithmetic. Nothing here is
read from a service: a figure the services print must equal one computed in this file.
"""
from dataclasses import dataclass
from fractions import Fraction

from vietnamadminunits.database import query

from .history import CLUSTERS, RECOGNISED


def rural_communes_by_district(province: str = "20") -> dict[str, list[str]]:
    rows = query("SELECT districtCode, wardCode FROM admin_units_legacy"
                 f" WHERE provinceCode = '{province}' AND wardType = 'Xã' ORDER BY wardCode")
    by_district: dict[str, list[str]] = {}
    for row in rows:
        by_district.setdefault(row["districtCode"], []).append(row["wardCode"])
    return by_district


def district_names(province: str = "20") -> dict[str, str]:
    rows = query(f"SELECT DISTINCT districtCode, district FROM admin_units_legacy WHERE provinceCode = '{province}'")
    return {row["districtCode"]: row["district"] for row in rows}


def commune_names(province: str = "20") -> dict[str, str]:
    rows = query(f"SELECT wardCode, ward FROM admin_units_legacy WHERE provinceCode = '{province}'")
    return {row["wardCode"]: row["ward"] for row in rows}


@dataclass(frozen=True)
class Standing:
    """P5 at 2015-12-31 for one district, as this test computes it."""

    code: str
    recognised: int
    communes: int
    rank: int
    cluster: str

    @property
    def rate(self) -> Fraction:
        return Fraction(self.recognised, self.communes)

    def percent_vi(self) -> str:
        """"2/14 xã = 14,3%": one decimal, rounded half up, decimal comma."""
        tenths = (self.recognised * 1000 * 2 + self.communes) // (2 * self.communes)
        return f"{self.recognised}/{self.communes} xã = {tenths // 10},{tenths % 10}%"

    def percent_en(self) -> str:
        return self.percent_vi().replace(",", ".")


def standings(xa: dict[str, list[str]]) -> dict[str, Standing]:
    """P5: rate = recognised xã / xã; competition ranking: 1 + the number of districts with a higher rate."""
    rates = {d: Fraction(RECOGNISED.get(d, 0), len(codes)) for d, codes in xa.items()}
    cluster = {d: name for name, (_, members) in CLUSTERS.items() for d in members}
    return {d: Standing(d, RECOGNISED.get(d, 0), len(xa[d]), 1 + sum(1 for r in rates.values() if r > rates[d]),
                        cluster[d]) for d in xa}


def rank_in_cluster(s: dict[str, Standing]) -> dict[str, int]:
    """U2: the same competition ranking among a cluster's members."""
    return {d: 1 + sum(1 for o in s.values() if o.cluster == x.cluster and o.rate > x.rate) for d, x in s.items()}


def first(s: dict[str, Standing]) -> set[str]:
    """A2: ranked first, with at least one recognised xã."""
    return {d for d, x in s.items() if x.rank == 1 and x.recognised > 0}


def second_or_third(s: dict[str, Standing]) -> set[str]:
    """A5: ranked second or third."""
    return {d for d, x in s.items() if x.rank in (2, 3) and x.recognised > 0}


def twenty_percent_cap(communes: int) -> int:
    """A9(e): at most 20% of a district's xã, rounded down (14 → 2, 17 → 3, 22 → 4)."""
    return communes * 20 // 100


def ordinal_en(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
