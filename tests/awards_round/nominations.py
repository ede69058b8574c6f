"""The round's nominations, each accepted or refused as the test derives from A2–A9 and its counts."""
from .expected import Standing, first, ordinal_en, second_or_third, twenty_percent_cap
from .history import History
from .round_api import BOARD, Awards, department_token, district_token

PROVINCE = "20"


def board(a: Awards, s: dict[str, Standing]) -> None:
    """A9(a) one Government flag (A2: the first); A9(c) two provincial flags, one per cluster, A5
    ranks 2–3, never the Government-flag district; A9(e) two certificate districts besides them."""
    (gov,) = first(s)
    not_first = min((d for d in s if d not in first(s)), key=lambda d: s[d].rank)
    error = a.refuse(BOARD, "government_flag", not_first, PROVINCE, "A2")
    assert f"xếp thứ {s[not_first].rank} " in error["message_vi"] and s[not_first].percent_vi() in error["message_vi"]
    a.nominate(BOARD, "government_flag", gov, PROVINCE)

    fourth = next(d for d in s if s[d].rank == 4)
    error = a.refuse(BOARD, "provincial_flag_district", fourth, PROVINCE, "A5")
    assert f"xếp thứ 4 tại 31/12/2015 ({s[fourth].percent_vi()})" in error["message_vi"], error
    assert f"ranks {ordinal_en(4)} on 2015-12-31 ({s[fourth].percent_en()})" in error["message_en"], error
    flag_first, flag_second = sorted(second_or_third(s))  # tied 2nd, both in one cluster
    assert s[flag_first].cluster == s[flag_second].cluster
    a.nominate(BOARD, "provincial_flag_district", flag_first, PROVINCE)
    error = a.refuse(BOARD, "provincial_flag_district", flag_second, PROVINCE, "A9(c)")
    assert s[flag_second].cluster in str(error["figures"]), error
    # Never the Government-flag district (A9(c), the kind's exclusion, judged before its A5 rank).
    error = a.refuse(BOARD, "provincial_flag_district", gov, PROVINCE, "A9(c)")
    assert error["figures"]["held"] == f"2011-2015/government_flag/{gov}", error

    # A9(e): two districts besides the flags: the tied second and the fourth; a third is refused,
    # and the Government-flag district is excluded.
    for d in (flag_second, fourth):
        a.nominate(BOARD, "provincial_certificate_district", d, PROVINCE)
    fifth = next(d for d in s if s[d].rank == 5)
    error = a.refuse(BOARD, "provincial_certificate_district", fifth, PROVINCE, "A9(e)")
    assert error["figures"].get("maximum") == 2, error
    a.refuse(BOARD, "provincial_certificate_district", gov, PROVINCE, "A9(e)")


def enterprises(a: Awards) -> None:
    for code in ("DN-1", "DN-2", "DN-3"):
        a.nominate(BOARD, "provincial_certificate_enterprise", code, PROVINCE)
    error = a.refuse(BOARD, "provincial_certificate_enterprise", "DN-4", PROVINCE, "A9(e)")
    assert error["figures"].get("maximum") == 3, error


def bac_son(a: Awards, h: History, s: dict[str, Standing]) -> None:
    """The first district: its PM commune, its flag commune, 20% of its 17 xã, 5 individuals."""
    d, t = "185", district_token("185")
    c = h.recognised(d)
    a.nominate(t, "pm_certificate", c[0], d)
    a.refuse(t, "pm_certificate", c[1], d, "A9(b)")  # one PM-certificate commune per district
    # The communes nominated for central awards are outside the 20% (A9(e)): never both at once.
    error = a.refuse(t, "provincial_certificate_commune", c[0], d, "A9(e)")
    assert error["figures"]["held"] == f"2011-2015/pm_certificate/{c[0]}", error
    a.nominate(t, "provincial_flag_commune", c[1], d)
    cap = twenty_percent_cap(s[d].communes)
    assert cap == 3 and len(c) >= 2 + cap + 1
    for commune in c[2: 2 + cap]:
        a.nominate(t, "provincial_certificate_commune", commune, d)
    error = a.refuse(t, "provincial_certificate_commune", c[2 + cap], d, "A9(e)")
    assert error["figures"].get("maximum") == cap and str(s[d].communes) in error["message_vi"], error
    for person in ("CN-BS-1", "CN-BS-2", "CN-BS-3", "CN-BS-4", "CN-BS-5"):
        a.nominate(t, "provincial_certificate_individual", person, d)
    error = a.refuse(t, "provincial_certificate_individual", "CN-BS-6", d, "A9(e)")
    assert error["figures"].get("maximum") == 5, error
    other = h.recognised("183")[0]
    a.refuse(t, "provincial_flag_commune", other, d, "AUTH-SCOPE", status=403)
    a.refuse(t, "provincial_certificate_commune", c[-1], d, "A8", on=a.dates.late)


def cao_loc(a: Awards, h: History) -> None:
    """A3 refuses an unrecognised commune; two individuals only (a shortfall, not a refusal)."""
    d, t = "183", district_token("183")
    error = a.refuse(t, "pm_certificate", h.unrecognised(d)[0], d, "A3")
    assert "chưa được công nhận" in error["message_vi"], error
    a.nominate(t, "pm_certificate", h.recognised(d)[0], d)
    a.nominate(t, "provincial_flag_commune", h.recognised(d)[1], d)
    for person in ("CN-CL-1", "CN-CL-2"):
        a.nominate(t, "provincial_certificate_individual", person, d)


def other_districts(a: Awards, h: History) -> None:
    a.nominate(district_token("184"), "provincial_flag_commune", h.recognised("184")[0], "184")
    a.nominate(district_token("189"), "pm_certificate", h.recognised("189")[0], "189")


def departments(a: Awards) -> None:
    """A4 from the pledges; A9(e) three departments, one individual each."""
    for dept in ("SNNPTNT", "SNV", "HNDT"):
        a.nominate(department_token(dept), "provincial_certificate_department", dept, dept)
    error = a.refuse(department_token("SXD"), "provincial_certificate_department", "SXD", "SXD", "A4")
    assert error["figures"].get("subordinates_short") == ["TTQHXD"], error
    error = a.refuse(department_token("MTTQT"), "provincial_certificate_department", "MTTQT", "MTTQT", "A9(e)")
    assert error["figures"].get("maximum") == 3, error
    t = department_token("SNNPTNT")
    a.nominate(t, "provincial_certificate_department_individual", "CN-NN-1", "SNNPTNT")
    a.refuse(t, "provincial_certificate_department_individual", "CN-NN-2", "SNNPTNT", "A9(e)")
    a.refuse(department_token("SNV"), "provincial_certificate_department_individual", "CN-NN-2", "SNV",
             "AUTH-SCOPE", status=403)


def all_nominations(a: Awards, h: History, s: dict[str, Standing]) -> None:
    board(a, s)
    enterprises(a)
    bac_son(a, h, s)
    cao_loc(a, h)
    other_districts(a, h)
    departments(a)
