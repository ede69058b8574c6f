"""The demo's short history of Lạng Sơn, 2012–2015: which communes meet which criteria, when.

Synthetic (the plan has no per-commune figures), but laid on the real units and the province
pilots of DOMAIN.md U4. Deterministic: the same units give the same history.
"""
from dataclasses import dataclass
from datetime import date

# U2: the two emulation clusters of district-level units.
CLUSTERS = (
    ("inland", "Cụm nội địa", ["178", "185", "181", "184", "187", "186"]),
    ("border", "Cụm 5 huyện biên giới", ["180", "182", "183", "188", "189"]),
)
# P5 targets of the plan: 20% of communes by 2015, 50% by 2020.
TARGETS = (("20", 2015, 0.2), ("20", 2020, 0.5))
# U4 province pilot communes that exist in today's data (Tô Hiệu was merged away).
PILOTS = ("06034", "06178", "06523", "05992")
# How many xã each district brings to the standard by the end of 2015 (pilots first).
RECOGNISED_PER_DISTRICT = {"185": 4, "180": 3, "187": 3, "182": 2, "186": 2, "183": 1, "181": 1}
# Further xã that meet 17 or 18 criteria but are not recognised ("near the standard").
NEAR_PER_DISTRICT = {"184": 2, "188": 1, "189": 1}
# Phase 2 (2016–2020, the 2016 set of Decision 1980/QĐ-TTg): more xã reach the standard.
RECOGNISED_2016_2020 = {"185": 4, "180": 3, "187": 3, "186": 4, "183": 3, "181": 2, "182": 2, "184": 2,
                        "188": 2, "189": 1, "178": 1}


@dataclass(frozen=True)
class Assessment:
    commune_code: str
    district_code: str
    criterion: int
    met: bool
    effective_date: date


@dataclass(frozen=True)
class Recognition:
    commune_code: str
    district_code: str
    decision_number: str
    effective_date: date


def plan(communes_by_district: dict[str, list[str]]) -> tuple[list[Assessment], list[Recognition]]:
    """Assessments and recognitions for the xã of each district (codes sorted, pilots first)."""
    assessments: list[Assessment] = []
    recognitions: list[Recognition] = []
    decision = 0
    for district, communes in sorted(communes_by_district.items()):
        ordered = sorted(communes, key=lambda c: (c not in PILOTS, c))
        recognised = ordered[: RECOGNISED_PER_DISTRICT.get(district, 0)]
        near = ordered[len(recognised): len(recognised) + NEAR_PER_DISTRICT.get(district, 0)]
        for i, commune in enumerate(recognised):
            year = 2013 + i % 3
            assessments += [Assessment(commune, district, n, True, date(year, 6, 30)) for n in range(1, 20)]
            decision += 1
            recognitions.append(Recognition(commune, district, f"{decision:03d}/QĐ-UBND", date(year, 12, 15)))
        for i, commune in enumerate(near):
            met = 17 + i % 2
            assessments += [Assessment(commune, district, n, n <= met, date(2015, 6, 30)) for n in range(1, 20)]
        later = ordered[len(recognised) + len(near):][: RECOGNISED_2016_2020.get(district, 0)]
        for i, commune in enumerate(later):
            year = 2017 + i % 4
            assessments += [Assessment(commune, district, n, True, date(year, 6, 30)) for n in range(1, 20)]
            decision += 1
            recognitions.append(Recognition(commune, district, f"{decision:03d}/QĐ-UBND", date(year, 12, 15)))
    return assessments, recognitions
