"""The registry's history on the real stack: units as of any date (U8), pilots, pledges, plans.

Tô Hiệu (Bình Gia), a province pilot commune in 2011 (U4), was merged into Thị trấn Bình Gia
from 1 Jan 2020 (Resolution 818/NQ-UBTVQH14) and is in no data set today. Its GSO code could
not be confirmed offline; 06113 is used because it cannot collide with a real code (Lạng Sơn's
commune codes are 05971 + 3k, and 06113 is off that grid).
"""
from datetime import datetime, timezone

from thidua_deploy.isolated import wait_until

LEGACY = {"province_code": "20", "effective_from": "2011-01-01"}
REFORM = {"province_code": "20", "source": "vietnamadminunits-2025", "effective_from": "2025-07-01"}
TO_HIEU = {"code": "06113", "unit_type": "rural_commune", "name": "Xã Tô Hiệu", "parent_code": "181",
           "effective_from": "2011-01-01"}
MERGER = {"absorbed_codes": ["06113"], "into_code": "06112", "effective_date": "2020-01-01",
          "document_number": "818/NQ-UBTVQH14"}


def _codes(client, **params) -> list[str]:
    return [u["code"] for u in client.get("/units", params=params).json()]


def _post(client, command: str, body: dict, expect: int = 201) -> dict:
    answer = client.post(f"/commands/{command}", json=body)
    assert answer.status_code == expect, answer.text
    return answer.json()


def test_2015_figures_count_2015_communes_and_2025_has_no_districts(stack):
    stack.start("registry")
    with stack.client("registry") as c:
        _post(c, "import-province-units", LEGACY)
        _post(c, "register-unit", TO_HIEU)
        before_merger = datetime.now(timezone.utc).isoformat()  # Tô Hiệu recorded, its merger not yet
        _post(c, "merge-units", MERGER)
        wait_until(lambda: len(_codes(c, as_of="2015-12-31")) == 207 and "06113" not in _codes(c, as_of="2020-12-31"))
        assert len(_codes(c, as_of="2015-12-31", parent_code="181")) == 20
        assert len(_codes(c, as_of="2020-12-31", parent_code="181")) == 19
        assert len(_codes(c, as_of="2015-12-31", level="commune")) == 195
        assert _codes(c, name="to hieu", as_of="2019-12-31") == ["06113"]  # found without diacritics
        assert _codes(c, name="Tô Hiệu", as_of="2020-01-01") == []
        history = c.get("/units/06113/history").json()
        assert [(v["valid_from"], v["valid_to"], v["successor_code"]) for v in history["versions"]] == [
            ("2011-01-01", "2020-01-01", "06112")]
        assert history["changes"][-1]["document_number"] == "818/NQ-UBTVQH14"
        assert c.get("/units/06113", params={"as_of": "2020-06-01"}).json()["error"]["rule"] == "U8"
        # Defaults: as_of today in Vietnam, known_at now. Tô Hiệu does not exist today: U8, with the
        # lifetime a client may ask about; a code never registered: U1.
        today = c.get("/units/06113")
        assert today.status_code == 404 and today.json()["error"]["rule"] == "U8"
        figures = today.json()["error"]["figures"]
        assert (figures["effective_from"], figures["effective_to"]) == ("2011-01-01", "2020-01-01")
        assert c.get("/units/06112").json()["name"] == "Thị trấn Bình Gia"
        assert c.get("/units/09999").json()["error"]["rule"] == "U1"
        # known_at: as known before the merger was recorded, Tô Hiệu still existed in 2020.
        then = {"as_of": "2020-06-01", "known_at": before_merger}
        assert c.get("/units/06113", params=then).json()["name"] == "Xã Tô Hiệu"
        assert "06113" in _codes(c, **then)
        assert [v["valid_to"] for v in c.get("/units/06113/history", params=then).json()["versions"]] == [None]
        assert c.get("/units", params={"known_at": "2000-01-01T00:00:00+07:00"}).json() == []

        reform = _post(c, "import-province-units", REFORM)
        assert (reform["registered"], reform["renamed"] > 0, reform["dissolved"] > 100) == (0, True, True)
        assert _post(c, "import-province-units", REFORM)["events"] == []  # idempotent
        wait_until(lambda: len(_codes(c, as_of="2025-07-01", level="commune")) == 65
                   and _codes(c, as_of="2025-07-01", level="district") == []
                   and len(_codes(c, as_of="2025-07-01", parent_code="20")) == 65)
        assert len(_codes(c, as_of="2025-06-30", level="commune")) == 194
        assert len(_codes(c, as_of="2015-12-31", level="commune")) == 195
        binh_gia = c.get("/units/06112", params={"as_of": "2025-07-01"}).json()
        assert (binh_gia["name"], binh_gia["unit_type"], binh_gia["parent_code"]) == (
            "Xã Bình Gia", "rural_commune", "20")
        before = c.get("/units/06112", params={"as_of": "2015-12-31"}).json()
        assert (before["name"], before["parent_code"]) == ("Thị trấn Bình Gia", "181")
        chi_lang = {(u["code"], u["parent_code"]) for u in
                    c.get("/units", params={"name": "chi lang", "level": "commune", "as_of": "2015-01-01"}).json()}
        assert {("06034", "180"), ("06523", "187")} <= chi_lang


def test_pilots_pledges_plans_and_clusters_as_of_a_date(stack):
    stack.start("registry")
    with stack.client("registry") as c, stack.client("registry", token="demo-district-180") as d180, \
            stack.client("registry", token="demo-district-185") as d185:
        _post(c, "import-province-units", LEGACY)
        _post(c, "register-unit", TO_HIEU)
        _post(c, "merge-units", MERGER)
        for code in ("06113", "185", "180"):
            _post(c, "designate-pilot", {"unit_code": code, "level": "province", "effective_from": "2011-12-16"})
        for code in ("06034", "06046"):
            _post(d180, "designate-pilot", {"unit_code": code, "level": "district", "effective_from": "2012-02-01"})
        _post(d185, "designate-pilot", {"unit_code": "06349", "level": "district", "effective_from": "2012-02-01"})
        refused = d180.post("/commands/designate-pilot", json={"unit_code": "06349", "level": "district",
                                                               "effective_from": "2012-02-01"})
        assert refused.status_code == 403 and refused.json()["error"]["rule"] == "AUTH-SCOPE"

        _post(c, "register-participant", {"code": "SNNPTNT", "kind": "department", "parent_code": "20",
                                          "name": "Sở Nông nghiệp và Phát triển nông thôn",
                                          "effective_from": "2011-01-01"})
        _post(c, "register-participant", {"code": "SXD", "kind": "department", "parent_code": "20",
                                          "name": "Sở Xây dựng", "effective_from": "2011-01-01"})
        _post(c, "register-participant", {"code": "CCPTNT", "kind": "subordinate_unit", "parent_code": "SNNPTNT",
                                          "name": "Chi cục Phát triển nông thôn", "effective_from": "2011-01-01"})
        _post(c, "pledge-support", {"supporter_code": "SNNPTNT", "supported_code": "185",
                                    "effective_from": "2012-01-01"})
        _post(c, "pledge-support", {"supporter_code": "CCPTNT", "supported_code": "06034",
                                    "effective_from": "2012-01-01"})
        wrong = c.post("/commands/pledge-support", json={"supporter_code": "SNNPTNT", "supported_code": "06034",
                                                         "effective_from": "2012-01-01"})
        assert wrong.status_code == 422 and wrong.json()["error"]["rule"] == "U6"

        _post(c, "set-plan-deadline", {"plan_code": "DA-NTM-2011", "owner_code": "SNNPTNT",
                                       "title": "Đề án xây dựng nông thôn mới", "due_date": "2012-01-31"})
        _post(c, "set-plan-deadline", {"plan_code": "QH-180", "owner_code": "180",
                                       "title": "Quy hoạch tổng thể huyện Tràng Định", "due_date": "2012-02-29"})
        _post(d180, "submit-plan", {"plan_code": "QH-180", "submitted_on": "2012-03-10",
                                    "document_number": "45/KH-UBND"})
        _post(d180, "register-movement", {"unit_code": "180", "registered_on": "2011-12-20"})
        _post(c, "form-cluster", {"code": "bien-gioi", "name": "Cụm 5 huyện biên giới",
                                  "member_codes": ["180", "182", "183", "188", "189"], "effective_from": "2012-01-01"})
        _post(c, "change-cluster-members", {"code": "bien-gioi", "member_codes": ["180", "182", "183", "188"],
                                            "effective_from": "2016-01-01"})

        def pilots_2015():
            answer = c.get("/pilots", params={"as_of": "2015-12-31"}).json()
            return answer if (len(answer["district_pilots"]), len(answer["province_pilots"])) == (3, 3) else None

        districts = {d["code"]: d for d in wait_until(pilots_2015)["districts"]}
        assert (districts["180"]["count"], districts["180"]["below_minimum"]) == (2, False)
        assert (districts["185"]["count"], districts["185"]["below_minimum"]) == (1, True)
        assert districts["181"]["province_pilot_communes"] == ["06113"] and districts["181"]["below_minimum"]
        later = c.get("/pilots", params={"as_of": "2020-12-31"}).json()
        assert "06113" not in [p["unit_code"] for p in later["province_pilots"]]

        pledges = wait_until(lambda: (p := c.get("/pledges").json()) and len(p["pledges"]) == 2
                             and len(p["departments_without_district"]) == 1 and p)
        assert [d["code"] for d in pledges["departments_without_district"]] == ["SXD"]
        assert [(s["code"], s["communes"]) for s in pledges["subordinate_units_below_two_communes"]] == [("CCPTNT", 1)]

        plans = wait_until(lambda: (p := c.get("/plans", params={"as_of": "2012-03-31"}).json())
                           and p["counts"]["submitted_late"] == 1 and len(p["plans"]) == 2 and p)
        assert {p["plan_code"]: p["status"] for p in plans["plans"]} == {"DA-NTM-2011": "missing",
                                                                         "QH-180": "submitted_late"}
        early = c.get("/plans", params={"as_of": "2012-01-15"}).json()
        assert {p["status"] for p in early["plans"]} == {"pending"}
        assert c.get("/plans").json()["counts"]["submitted_late"] == 1  # as_of defaults to today
        assert c.get("/plans", params={"as_of": "2012-03-31", "known_at": "2011-06-01T00:00:00+07:00"}).json()[
            "plans"] == []  # nothing was recorded by then
        assert wait_until(lambda: c.get("/movement-registrations").json())[0]["unit_code"] == "180"
        clusters = wait_until(lambda: (r := c.get("/clusters", params={"as_of": "2016-06-01"}).json())
                              and len(r[0]["member_codes"]) == 4 and r)
        assert clusters[0]["formed_on"] == "2012-01-01"
        assert len(c.get("/clusters", params={"as_of": "2015-06-01"}).json()[0]["member_codes"]) == 5
        assert c.get("/clusters", params={"as_of": "2011-06-01"}).json() == []
