"""The recorded history of Lạng Sơn the 2011–2015 round is judged on, recorded through the HTTP
APIs of registry and progress as their users would (import, clusters, criteria, assessments,
recognitions, participants, pledges). Synthetic counts on the real units, chosen so that every
standard and quota of A9 has a known answer (derived in expected.py, never read from a service).
"""
from dataclasses import dataclass, field
from typing import Any

import httpx

from thidua_deploy.isolated import wait_until

PROVINCE = "20"
# U2: the two emulation clusters of district-level units.
CLUSTERS = {"inland": ("Cụm nội địa", ["178", "185", "181", "184", "187", "186"]),
            "border": ("Cụm 5 huyện biên giới", ["180", "182", "183", "188", "189"])}
# Recognised xã per district by 2015 (the first n xã by code). Ranks 1, 2, 2 (a tie in the border
# cluster), 4, ...: Bắc Sơn 7/17, Cao Lộc 6/20 = Đình Lập 3/10, Văn Quan 2/14, Tràng Định 2/19, ...
RECOGNISED = {"185": 7, "183": 6, "189": 3, "184": 2, "180": 2, "186": 2, "187": 1, "181": 1, "188": 1}
ASSESSED_ON, RECOGNISED_ON = "2014-06-30", "2014-12-15"


@dataclass(frozen=True)
class Party:
    """A participant (U3) as registered, with the units it pledges support to (U6)."""

    code: str
    kind: str
    name: str
    parent_code: str | None
    address: str | None = None
    pledges: tuple[str, ...] = ()


@dataclass
class History:
    """What was recorded: the xã of each district (the reference package's) and the participants."""

    xa: dict[str, list[str]]
    parties: dict[str, Party] = field(default_factory=dict)

    def recognised(self, district: str) -> list[str]:
        return self.xa[district][: RECOGNISED.get(district, 0)]

    def unrecognised(self, district: str) -> list[str]:
        return self.xa[district][RECOGNISED.get(district, 0):]


def departments(h: History) -> list[Party]:
    """U3/U6: one department meeting A4 (its district and both subordinate units' two communes),
    one failing it (a subordinate unit pledged to one commune), one without subordinate units,
    a mass organisation and the Fatherland Front (one more than A9(e)'s three)."""
    bs, td, cl = h.xa["185"], h.xa["180"], h.xa["183"]
    return [
        Party("SNNPTNT", "department", "Sở Nông nghiệp và Phát triển nông thôn", PROVINCE, pledges=("185",)),
        Party("CCPTNT", "subordinate_unit", "Chi cục Phát triển nông thôn", "SNNPTNT", pledges=(bs[0], bs[1])),
        Party("TTKN", "subordinate_unit", "Trung tâm Khuyến nông", "SNNPTNT", pledges=(td[0], td[1])),
        Party("SXD", "department", "Sở Xây dựng", PROVINCE, pledges=("183",)),
        Party("TTQHXD", "subordinate_unit", "Trung tâm Quy hoạch xây dựng", "SXD", pledges=(cl[0],)),
        Party("SNV", "department", "Sở Nội vụ", PROVINCE, pledges=("187",)),
        Party("HNDT", "mass_organisation", "Hội Nông dân tỉnh Lạng Sơn", PROVINCE, pledges=("184",)),
        Party("MTTQT", "fatherland_front", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lạng Sơn", PROVINCE,
              pledges=("186",)),
    ]


def individuals(h: History) -> list[Party]:
    """U3: officials, business people (with their address), households: six of Bắc Sơn (one more
    than A9(e)'s five), two of Cao Lộc (one short of three), two staff of the agriculture department."""
    bs, cl = h.xa["185"], h.xa["183"]
    return [
        Party("CN-BS-1", "official", "Hoàng Văn Đức", "185"),
        Party("CN-BS-2", "official", "Lương Thị Hằng", "185"),
        Party("CN-BS-3", "business_person", "Vi Văn Thành", "185", address="Thôn Quán Hàng, xã Hữu Vĩnh, huyện Bắc Sơn"),
        Party("CN-BS-4", "household", "Hộ ông Dương Văn Lợi", bs[0]),
        Party("CN-BS-5", "household", "Hộ bà Hà Thị Mai", bs[1]),
        Party("CN-BS-6", "official", "Nông Văn Quý", "185"),
        Party("CN-CL-1", "official", "Lăng Văn Tuấn", "183"),
        Party("CN-CL-2", "household", "Hộ ông Triệu Văn Sinh", cl[0]),
        Party("CN-NN-1", "official", "Nguyễn Thị Thu Hương", "CCPTNT"),
        Party("CN-NN-2", "official", "Phạm Đình Khải", "SNNPTNT"),
    ]


def enterprises() -> list[Party]:
    """Four enterprises (one more than A9(e)'s three)."""
    return [
        Party("DN-1", "enterprise", "Công ty Cổ phần Xi măng Đồng Bành", "187"),
        Party("DN-2", "enterprise", "Công ty TNHH Nông sản Bắc Sơn", "185"),
        Party("DN-3", "enterprise", "Công ty Cổ phần Xây dựng Giao thông Lạng Sơn", "183"),
        Party("DN-4", "enterprise", "Công ty TNHH Thương mại Đồng Đăng", "183"),
    ]


def ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), f"{response.request.url}: {response.status_code} {response.text}"
    return response.json()


def refusal(response: httpx.Response) -> tuple[int, dict[str, Any]]:
    assert response.status_code >= 400, f"{response.request.url}: accepted {response.text}"
    return response.status_code, response.json()["error"]


def record_units(registry: httpx.Client) -> None:
    ok(registry.post("/commands/import-province-units", json={"province_code": PROVINCE, "effective_from": "2011-01-01"}))
    for code, (name, members) in CLUSTERS.items():
        ok(registry.post("/commands/form-cluster", json={"code": code, "name": name, "member_codes": members,
                                                         "effective_from": "2012-01-01", "document_number": "108/KH-UBND"}))


def record_progress(progress: httpx.Client, h: History) -> None:
    """P3/P4: each recognised xã meets the 19 criteria (one matrix per district), then is recognised."""
    ok(progress.post("/commands/publish-builtin-criteria-set", json={"set_id": "2009"}))
    last = h.recognised("185")[-1]
    wait_until(lambda: progress.get(f"/communes/{last}/criteria").status_code == 200, 60)
    decision = 0
    for district in sorted(RECOGNISED):
        communes = h.recognised(district)
        ok(progress.post("/commands/assess-district-matrix", json={
            "district_code": district, "effective_date": ASSESSED_ON, "document_number": f"BB-{district}/2014",
            "cells": [{"commune_code": c, "criterion": n, "met": True} for c in communes for n in range(1, 20)]}))
        for commune in communes:
            decision += 1
            ok(progress.post("/commands/recognise-commune", json={
                "commune_code": commune, "district_code": district,
                "document_number": f"{decision}/QĐ-UBND", "effective_date": RECOGNISED_ON}))


def register(registry: httpx.Client, party: Party) -> None:
    body = {"code": party.code, "kind": party.kind, "name": party.name, "parent_code": party.parent_code,
            "effective_from": "2011-06-01"}
    ok(registry.post("/commands/register-participant", json=body | ({"address": party.address} if party.address else {})))
    for supported in party.pledges:
        ok(registry.post("/commands/pledge-support", json={
            "supporter_code": party.code, "supported_code": supported, "effective_from": "2012-01-01",
            "document_number": f"ĐK-{party.code}"}))


def record_participants(registry: httpx.Client, h: History) -> None:
    for party in [*departments(h), *individuals(h), *enterprises()]:
        register(registry, party)
        h.parties[party.code] = party
    # U3 keeps A7's address out of the record: a business person without one is not registered.
    status, error = refusal(registry.post("/commands/register-participant", json={
        "code": "CN-BS-X", "kind": "business_person", "name": "Đàm Văn Khoa", "parent_code": "185",
        "effective_from": "2011-06-01"}))
    assert (status, error["rule"]) == (422, "U3")


def record_history(registry: httpx.Client, progress: httpx.Client, xa: dict[str, list[str]]) -> History:
    h = History(xa)
    record_units(registry)
    record_participants(registry, h)
    record_progress(progress, h)
    return h
