"""The registry's HTTP API on the real stack: refusals name the rule and write nothing."""
import unicodedata

from thidua_deploy.isolated import wait_until


def _units(client, **params):
    return client.get("/units", params=params).json()


def test_import_is_idempotent_and_keeps_two_chi_lang_communes_apart(stack):
    stack.start("registry")
    with stack.client("registry") as c:
        first = c.post("/commands/import-province-units", json={"province_code": "20", "effective_from": "2011-01-01"})
        assert first.status_code == 201, first.text
        assert first.json()["registered"] == 206
        again = c.post("/commands/import-province-units", json={"province_code": "20", "effective_from": "2011-01-01"})
        assert again.json()["registered"] == 0 and again.json()["already_registered"] == 206
        wait_until(lambda: len(_units(c)) == 206)
        chi_lang = [(u["code"], u["parent_code"]) for u in _units(c, name="chi lang", level="commune")]
        assert ("06034", "180") in chi_lang and ("06523", "187") in chi_lang
        assert len(_units(c, level="district")) == 11


def test_bad_input_is_refused_with_the_rule_and_nothing_is_written(stack):
    stack.start("registry")
    with stack.client("registry") as c:
        c.post("/commands/register-unit", json={"code": "20", "unit_type": "province", "name": "Tỉnh Lạng Sơn",
                                                "effective_from": "2011-01-01"}).raise_for_status()
        orphan = c.post("/commands/register-unit", json={"code": "99999", "unit_type": "rural_commune",
                                                         "name": "Xã Mới", "parent_code": "180",
                                                         "effective_from": "2011-01-01"})
        assert orphan.status_code == 422 and orphan.json()["error"]["rule"] == "U1"
        wrong_level = c.post("/commands/register-unit", json={"code": "99998", "unit_type": "rural_commune",
                                                              "name": "Xã Mới", "parent_code": "20",
                                                              "effective_from": "2011-01-01"})
        assert wrong_level.status_code == 422 and wrong_level.json()["error"]["rule"] == "U1"
        nfd = unicodedata.normalize("NFD", "Huyện Tràng Định")
        not_nfc = c.post("/commands/register-unit", json={"code": "180", "unit_type": "rural_district",
                                                          "name": nfd, "parent_code": "20",
                                                          "effective_from": "2011-01-01"})
        assert not_nfc.status_code == 422 and not_nfc.json()["error"]["rule"] == "NFC"
        malformed = c.post("/commands/register-unit", content=b'{"code": "180",', headers={"content-type": "application/json"})
        assert malformed.status_code == 400 and malformed.json()["error"]["rule"] == "INPUT-JSON"
        duplicate = c.post("/commands/register-unit", json={"code": "20", "unit_type": "province",
                                                            "name": "Tỉnh Lạng Sơn", "effective_from": "2011-01-01"})
        assert duplicate.status_code == 422 and duplicate.json()["error"]["rule"] == "U4"
        wait_until(lambda: len(_units(c)) == 1)
        assert [u["code"] for u in _units(c)] == ["20"]


def test_who_may_do_what(stack):
    stack.start("registry")
    body = {"code": "20", "unit_type": "province", "name": "Tỉnh Lạng Sơn", "effective_from": "2011-01-01"}
    with stack.client("registry", token=None) as anonymous:
        refused = anonymous.post("/commands/register-unit", json=body)
        assert refused.status_code == 401 and refused.json()["error"]["rule"] == "AUTH"
    with stack.client("registry", token="demo-viewer") as viewer:
        assert viewer.post("/commands/register-unit", json=body).json()["error"]["rule"] == "AUTH-ROLE"
    with stack.client("registry", token="demo-district-180") as district:
        refused = district.post("/commands/register-unit", json=body)
        assert refused.status_code == 403 and refused.json()["error"]["rule"] == "AUTH-ROLE"


def test_a_retried_command_returns_the_first_answer(stack):
    stack.start("registry")
    body = {"code": "20", "unit_type": "province", "name": "Tỉnh Lạng Sơn", "effective_from": "2011-01-01"}
    with stack.client("registry") as c:
        first = c.post("/commands/register-unit", json=body, headers={"Idempotency-Key": "k-1"})
        retry = c.post("/commands/register-unit", json=body, headers={"Idempotency-Key": "k-1"})
        assert first.status_code == 201 and retry.status_code == 201
        assert first.json() == retry.json()
        reused = c.post("/commands/register-unit", json={**body, "name": "Tỉnh Khác"},
                        headers={"Idempotency-Key": "k-1"})
        assert reused.status_code == 409 and reused.json()["error"]["rule"] == "IDEMPOTENCY"
