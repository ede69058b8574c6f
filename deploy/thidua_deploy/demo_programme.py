"""The demo's participants and programme (U3–U8): pilots, pledges, plans, a merged commune.

Plan 108/KH-UBND names the province pilots (U4), asks every district for 2 pilot communes (U5),
departments and their subordinate units to pledge support (U6), and plans by set dates (U7).
Who did what in the demo is synthetic; the units and dates are the plan's.
"""
from datetime import date

# U4, with Tô Hiệu (Bình Gia) registered by hand: it was merged away before today's data sets.
# 06113 is our code for it (its GSO code is not in the package); merged into Thị trấn Bình Gia.
TO_HIEU = {"code": "06113", "unit_type": "rural_commune", "name": "Xã Tô Hiệu", "parent_code": "181",
           "effective_from": "2011-01-01"}
TO_HIEU_MERGER = {"absorbed_codes": ["06113"], "into_code": "06112", "effective_date": "2020-01-01",
                  "document_number": "818/NQ-UBTVQH14"}
# The five communes of U4 by official code (names repeat: code and parent identify them):
# Chi Lăng (Tràng Định 180) 06034, Hoàng Văn Thụ (Văn Lãng 182) 06178, Tô Hiệu (Bình Gia 181) 06113,
# Chi Lăng (Chi Lăng 187) 06523, Mai Pha (TP Lạng Sơn 178) 05992 (vietnamadminunits, pre-2025 set).
PROVINCE_PILOTS = ("185", "180", "06034", "06178", "06113", "06523", "05992")  # districts and xã (U4)
# U5: two pilot xã per district, except Đình Lập which reports only one (shown as below minimum).
DISTRICT_PILOTS_PER_DISTRICT = 2
SHORT_DISTRICT = "189"

DEPARTMENTS = (
    ("SNNPTNT", "department", "Sở Nông nghiệp và Phát triển nông thôn", "20", ("185", "180")),
    ("SNV", "department", "Sở Nội vụ", "20", ("187",)),
    ("SGTVT", "department", "Sở Giao thông vận tải", "20", ()),  # pledged nothing: flagged (U6)
)
# A subordinate unit must support at least 2 communes (U6); this one supports one: flagged.
SUBORDINATES = (
    ("CCPTNT", "Chi cục Phát triển nông thôn", "SNNPTNT", ("06034", "06178")),
    ("TTKN", "Trung tâm Khuyến nông", "SNNPTNT", ("06523",)),
)

# U7: what the plan asked for, by when; who delivered, and when.
PROVINCE_PLANS = (
    ("DA-NTM-TINH", "SNNPTNT", "Đề án xây dựng nông thôn mới tỉnh", date(2012, 1, 31), date(2012, 1, 20)),
    ("KH-2011-2015", "SNNPTNT", "Kế hoạch 2011–2015", date(2012, 1, 31), date(2012, 2, 10)),
    ("KH-2012", "SNNPTNT", "Kế hoạch năm 2012", date(2012, 1, 31), date(2012, 1, 25)),
)
DISTRICT_PLAN_DUE = date(2012, 2, 29)
LATE_DISTRICTS = {"188": date(2012, 3, 15)}
MISSING_DISTRICTS = ("189",)
DEPARTMENT_PLAN_DUE = date(2012, 3, 31)


def district_plans(districts: list[str]) -> list[tuple[str, str, str, date, date | None]]:
    plans = []
    for code in districts:
        submitted = None if code in MISSING_DISTRICTS else LATE_DISTRICTS.get(code, date(2012, 2, 20))
        plans.append((f"QH-{code}", code, "Quy hoạch, đề án và kế hoạch xây dựng NTM của huyện",
                      DISTRICT_PLAN_DUE, submitted))
    return plans


def department_plans() -> list[tuple[str, str, str, date, date | None]]:
    return [(f"KH-{code}", code, "Kế hoạch thực hiện phong trào", DEPARTMENT_PLAN_DUE,
             None if not pledges else date(2012, 3, 20)) for code, _, _, _, pledges in DEPARTMENTS]
