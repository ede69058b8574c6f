"""Bad input to progress over HTTP: each refusal names its rule, and nothing is written."""
import unicodedata

from thidua_deploy.isolated import wait_until

BASE = {"commune_code": "06034", "district_code": "180", "criterion": 1, "met": True, "effective_date": "2014-06-30"}


def test_refusals_name_the_rule_and_write_nothing(stack):
    stack.start_all(("registry", "progress"))
    with stack.client("registry") as registry, stack.client("progress") as progress:
        registry.post("/commands/import-province-units",
                      json={"province_code": "20", "effective_from": "2011-01-01"}).raise_for_status()
        progress.post("/commands/publish-builtin-criteria-set", json={"set_id": "2009"}).raise_for_status()
        wait_until(lambda: progress.get("/communes/06034/criteria").status_code == 200, 60)

        def refused(body: dict, token: str | None = None) -> tuple[int, str]:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            r = progress.post("/commands/assess-criterion", json=body, headers=headers)
            return r.status_code, r.json()["error"]["rule"]

        assert refused({**BASE, "commune_code": "99999"}) == (404, "U1")
        assert refused({**BASE, "district_code": "181"}) == (422, "U1")  # 06034 is under 180
        assert refused({**BASE, "commune_code": "05983", "district_code": "178"}) == (422, "U1")  # a phường
        assert refused({**BASE, "criterion": 20}) == (422, "P1")
        assert refused({**BASE, "effective_date": "2008-01-01"}) == (422, "U8")
        assert refused({**BASE, "evidence": unicodedata.normalize("NFD", "Biên bản")}) == (422, "NFC")
        assert refused(BASE, token="demo-district-185") == (403, "AUTH-SCOPE")
        assert refused(BASE, token="demo-viewer")[0] == 403
        malformed = progress.post("/commands/assess-criterion", content=b"{", headers={"content-type": "application/json"})
        assert malformed.status_code == 400 and malformed.json()["error"]["rule"] == "INPUT-JSON"
        not_met = progress.post("/commands/recognise-commune", json={
            "commune_code": "06034", "district_code": "180", "decision_number": "1/QĐ-UBND",
            "effective_date": "2014-12-15"})
        assert not_met.status_code == 422 and not_met.json()["error"]["rule"] == "P4"
        assert len(not_met.json()["error"]["figures"]["criteria_not_met"]) == 19
        assert progress.get("/communes/06034/history").json()["events"] == []

        accepted = progress.post("/commands/assess-criterion", json=BASE, headers={"Authorization": "Bearer demo-district-180"})
        assert accepted.status_code == 201, accepted.text
        wait_until(lambda: len(progress.get("/communes/06034/history").json()["events"]) == 1, 30)
