"""A short recorded history for the browser tests, through the services' HTTP APIs as the board:
Lạng Sơn's units and clusters, both criteria sets, the targets, and a few xã of Bắc Sơn (185)
and Tràng Định (180) brought to the standard under each set (matrices, then recognitions)."""
from dataclasses import dataclass

import httpx

from thidua_deploy.demo_history import CLUSTERS, TARGETS
from thidua_deploy.isolated import Stack, wait_until

BAC_SON, TRANG_DINH = "185", "180"


@dataclass(frozen=True)
class History:
    communes: dict[str, list[str]]  # district -> its xã at the programme's start, by code
    recognised: list[str]


def command(client: httpx.Client, name: str, body: dict, key: str) -> dict:
    answer = client.post(f"/commands/{name}", json=body, headers={"Idempotency-Key": key})
    assert answer.status_code < 300, (name, answer.status_code, answer.text)
    return answer.json()


def record(stack: Stack) -> History:
    with stack.client("registry") as registry, stack.client("progress") as progress:
        imported = command(registry, "import-province-units", {"province_code": "20", "effective_from": "2011-01-01"},
                           "web-import")
        for code, name, members in CLUSTERS:
            command(registry, "form-cluster", {"code": code, "name": name, "member_codes": members,
                                               "effective_from": "2012-01-01"}, f"web-cluster-{code}")
        expected = imported["registered"] + imported["already_registered"]
        wait_until(lambda: len(registry.get("/units", params={"as_of": "2012-01-15"}).json()) >= expected, 60)
        communes: dict[str, list[str]] = {}
        for unit in registry.get("/units", params={"as_of": "2012-01-15", "level": "commune"}).json():
            if unit["unit_type"] == "rural_commune":
                communes.setdefault(unit["parent_code"], []).append(unit["code"])
        for set_id in ("2009", "2016"):
            command(progress, "publish-builtin-criteria-set", {"set_id": set_id}, f"web-set-{set_id}")
        last = communes[TRANG_DINH][-1]
        wait_until(lambda: progress.get(f"/communes/{last}/criteria").status_code == 200, 60)
        command(progress, "declare-region", {"province_code": "20", "region": "northern_midlands_mountains"},
                "web-region")
        for unit, year, rate in TARGETS:
            command(progress, "set-target", {"unit_code": unit, "year": year, "ntm_rate": rate},
                    f"web-target-{year}")
        recognised = []
        # 2009 set: three xã of Bắc Sơn meet all 19 in 2014, two are recognised in 2015.
        first = communes[BAC_SON][:3]
        command(progress, "assess-district-matrix", {"district_code": BAC_SON, "effective_date": "2014-06-30",
                "cells": [{"commune_code": c, "criterion": n, "met": True} for c in first for n in range(1, 20)]},
                "web-matrix-185-2014")
        for code, day in zip(first[:2], ("2015-03-01", "2015-09-01")):
            command(progress, "recognise-commune", {"commune_code": code, "district_code": BAC_SON,
                    "document_number": f"{code}/QĐ-UBND", "effective_date": day}, f"web-recognise-{code}")
            recognised.append(code)
        # 2016 set: two xã of Tràng Định in 2017, one recognised in 2018.
        later = communes[TRANG_DINH][:2]
        command(progress, "assess-district-matrix", {"district_code": TRANG_DINH, "effective_date": "2017-05-31",
                "cells": [{"commune_code": c, "criterion": n, "met": True} for c in later for n in range(1, 20)]},
                "web-matrix-180-2017")
        command(progress, "recognise-commune", {"commune_code": later[0], "district_code": TRANG_DINH,
                "document_number": f"{later[0]}/QĐ-UBND", "effective_date": "2018-04-02"}, f"web-recognise-{later[0]}")
        recognised.append(later[0])
    with stack.client("reporting") as reporting:
        def caught_up() -> bool:
            report = reporting.get("/reports/consolidated", params={"as_of": "2020-12-31"}).json()
            return report["province"]["recognised"] == len(recognised)
        wait_until(caught_up, 60)
    return History(communes, recognised)


# The 2011–2015 round (A9) for the board's pages: the preset loaded; Bắc Sơn's first recognised xã
# nominated for the Prime Minister's certificate by its district and received, left for the board
# to review and decide in the browser; Bắc Sơn (ranked first at 31/12/2015) nominated for the
# Government's flag by the province, left as submitted.
ROUND = "2011-2015"


@dataclass(frozen=True)
class RoundHistory:
    code: str
    pm_commune: str  # nominated for the PM's certificate, received
    flag_district: str  # nominated for the Government's flag, submitted


def achievement_file(text: str) -> dict:
    return {"justification": text, "figures": {},
            "attachments": [{"title": "Báo cáo thành tích 2011–2015", "document_number": "BC-01/2016"}]}


def record_round(stack: Stack, history: History) -> RoundHistory:
    commune = history.recognised[0]
    with stack.client("awards") as awards:
        command(awards, "load-round-preset", {"preset": ROUND}, "web-round-preset")

        def knows_the_recognitions() -> bool:  # awards' facts follow the registry and progress through Kafka
            shortlist = awards.get("/shortlists/recognised-communes", params={"as_of": "2015-12-31"}).json()
            return any(c["code"] == commune for d in shortlist["districts"] for c in d["communes"])
        wait_until(knows_the_recognitions, 60)
        command(awards, "submit-nomination", {
            "round_code": ROUND, "award_kind": "pm_certificate", "nominee_code": commune, "nominating_unit": BAC_SON,
            "achievement_file": achievement_file("Xã đạt chuẩn nông thôn mới đầu tiên của huyện."),
            "submitted_on": "2016-03-01"}, "web-submit-pm")
        command(awards, "receive-nomination", {"nomination_id": f"{ROUND}/pm_certificate/{commune}",
                                               "received_on": "2016-03-10"}, "web-receive-pm")
        command(awards, "submit-nomination", {
            "round_code": ROUND, "award_kind": "government_flag", "nominee_code": BAC_SON, "nominating_unit": "20",
            "achievement_file": achievement_file("Huyện dẫn đầu tỉnh về tỷ lệ xã đạt chuẩn."),
            "submitted_on": "2016-03-02"}, "web-submit-flag")
    return RoundHistory(ROUND, commune, BAC_SON)
