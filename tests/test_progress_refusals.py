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
        # A phường: refused as not a xã once progress knows it (the import reaches it unit by unit:
        # 06034 known does not mean 05983 is; until then it is 404 U1, unknown).
        phuong = {**BASE, "commune_code": "05983", "district_code": "178"}
        wait_until(lambda: refused(phuong)[0] != 404, 60)
        assert refused(phuong) == (422, "U1")
        assert refused({**BASE, "criterion": 20}) == (422, "P1")
        assert refused({**BASE, "effective_date": "2008-01-01"}) == (422, "U8")
        assert refused({**BASE, "evidence": unicodedata.normalize("NFD", "Biên bản")}) == (422, "NFC")
        assert refused(BASE, token="demo-district-185") == (403, "AUTH-SCOPE")
        assert refused(BASE, token="demo-viewer")[0] == 403
        malformed = progress.post("/commands/assess-criterion", content=b"{", headers={"content-type": "application/json"})
        assert malformed.status_code == 400 and malformed.json()["error"]["rule"] == "INPUT-JSON"
        not_met = progress.post("/commands/recognise-commune", json={
            "commune_code": "06034", "district_code": "180", "document_number": "1/QĐ-UBND",
            "effective_date": "2014-12-15"})
        assert not_met.status_code == 422 and not_met.json()["error"]["rule"] == "P4"
        assert len(not_met.json()["error"]["figures"]["criteria_not_met"]) == 19
        assert progress.get("/communes/06034/history").json()["events"] == []

        accepted = progress.post("/commands/assess-criterion", json=BASE, headers={"Authorization": "Bearer demo-district-180"})
        assert accepted.status_code == 201, accepted.text
        wait_until(lambda: len(progress.get("/communes/06034/history").json()["events"]) == 1, 30)
        # Who recorded it, and in which chain: the command's own event, from progress's store.
        event = progress.get("/communes/06034/history").json()["events"][0]
        assert event["actor"]["scope"] == "180" and event["actor"]["role"] == "district_officer"
        assert event["event_id"] == accepted.json()["events"][0]["event_id"]
        assert event["correlation_id"]


def test_the_api_answers_wards_renamed_fields_and_lifetimes_with_the_rule(stack):
    stack.start_all(("registry", "progress"))
    with stack.client("registry") as registry, stack.client("progress") as progress:
        registry.post("/commands/import-province-units",
                      json={"province_code": "20", "effective_from": "2011-01-01"}).raise_for_status()
        registry.post("/commands/register-unit", json={
            "code": "99001", "name": "Xã Thử", "unit_type": "rural_commune",
            "parent_code": "180", "effective_from": "2011-01-01"}).raise_for_status()
        registry.post("/commands/dissolve-unit", json={
            "code": "99001", "effective_date": "2020-01-01", "successor_code": "06034",
            "document_number": "818/NQ-UBTVQH14"}).raise_for_status()
        progress.post("/commands/publish-builtin-criteria-set", json={"set_id": "2009"}).raise_for_status()
        wait_until(lambda: progress.get("/communes/99001/criteria", params={"as_of": "2015-01-01"}).status_code
                   == 200, 60)

        ward = progress.get("/communes/05983/criteria")  # Phường Chi Lăng: not assessed (U1)
        assert ward.status_code == 422 and ward.json()["error"]["rule"] == "U1"
        assert ward.json()["error"]["figures"]["unit_type"] == "ward"

        gone = progress.get("/communes/99001/criteria", params={"as_of": "2021-01-01"})
        assert gone.status_code == 404 and gone.json()["error"]["rule"] == "U8"
        lifetime = gone.json()["error"]["figures"]
        assert (lifetime["effective_from"], lifetime["effective_to"]) == ("2011-01-01", "2020-01-01")

        old = progress.post("/commands/recognise-commune", json={
            "commune_code": "06034", "district_code": "180", "decision_number": "1/QĐ-UBND",
            "effective_date": "2014-12-15"})
        assert old.status_code == 422 and "document_number" in str(old.json()["error"]["figures"])

        progress.post("/commands/assess-criterion", json={**BASE, "met": True}).raise_for_status()
        wait_until(lambda: len(progress.get("/communes/06034/history").json()["events"]) == 1, 30)
        lacking = progress.get("/communes/lacking", params={"criterion": 1, "as_of": "2014-12-31",
                                                            "district_code": "180"}).json()
        codes = [c["code"] for c in lacking["communes"]]
        assert "06034" not in codes and codes and all(c["district_code"] == "180" for c in lacking["communes"])
        assert progress.get("/communes/lacking", params={"criterion": 20}).json()["error"]["rule"] == "P1"
