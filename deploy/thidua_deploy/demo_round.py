"""`make demo`'s short 2011–2015 round (A9): the preset loaded, a few nominations taken through the
workflow (A11), one refusal shown with its rule and figures, the dashboard printed and the
decision, its list and a certificate written to a folder.

Who is nominated follows from the recorded history, as the board would read it: the Government
flag to the A2 candidate, a provincial flag to the best A5 candidate of each cluster, a commune of
each district whose officer has an account, the district just below the A5 ranks refused (A5).
Every command carries an idempotency key, so a second run records nothing twice.
"""
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROUND = "2011-2015"
REFERENCE = "2015-12-31"
DECISIONS = {"central": "120/QĐ-UBND", "provincial": "121/QĐ-UBND"}
CENTRAL = ("government_flag", "pm_certificate")


@dataclass
class Outcome:
    """What the round did: nominations conferred, the refusal shown, the files written."""

    conferred: list[str] = field(default_factory=list)
    refusal: dict[str, Any] = field(default_factory=dict)
    documents: dict[str, Path] = field(default_factory=dict)


class Caller:
    """A service's API (awards unless told) as the board (the client's token) or another account
    (`token`)."""

    def __init__(self, client: httpx.Client, key_prefix: str = "demo-round", service: str = "awards") -> None:
        self.client, self.prefix, self.service = client, key_prefix, service

    def post(self, name: str, body: dict[str, Any], key: str, token: str | None = None) -> httpx.Response:
        headers = {"Idempotency-Key": f"{self.prefix}-{key}"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.client.post(f"/commands/{name}", json=body, headers=headers)

    def command(self, name: str, body: dict[str, Any], key: str, token: str | None = None) -> dict[str, Any]:
        return self.answer(name, self.post(name, body, key, token))

    def answer(self, name: str, answer: httpx.Response) -> dict[str, Any]:
        if answer.status_code >= 400:
            raise SystemExit(f"{self.service} refused {name} ({answer.status_code}): {answer.text}")
        return answer.json()

    def get(self, path: str, **params: Any) -> Any:
        answer = self.client.get(path, params=params)
        answer.raise_for_status()
        return answer.json() if "json" in answer.headers.get("content-type", "") else answer.content


def _file(nominee: str, text: str) -> dict[str, Any]:
    return {"justification": text, "figures": {},
            "attachments": [{"title": "Báo cáo thành tích 2011–2015", "document_number": f"BC-{nominee}"}]}


def _picks(ranking: dict[str, Any]) -> tuple[str, list[str], str | None]:
    """The A2 candidate; the best A5 candidate of each cluster but the Government-flag one's; the
    best-ranked district below the A5 ranks (to show the refusal)."""
    (gov, *_) = ranking["candidates"]["A2"]
    rows = {d["code"]: d for d in ranking["districts"]}
    flags: dict[str, str] = {}
    for code in ranking["candidates"]["A5"]:
        cluster = (rows[code].get("cluster") or {}).get("code")
        flags.setdefault(cluster, code)
    below = [d["code"] for d in ranking["districts"] if (d["rank"] or 0) > 3 and d["recognised"]]
    return gov, list(flags.values()), (below[0] if below else None)


def nominate(awards: Caller, dates: dict[str, str], district_tokens: Mapping[str, str],
             department_tokens: Mapping[str, str]) -> tuple[list[tuple[str, str, str | None]], dict[str, Any]]:
    """Submissions: (award kind, nominee, token) accepted; the refusal shown."""
    ranking = awards.get("/rankings/districts", as_of=REFERENCE)
    shortlist = awards.get("/shortlists/recognised-communes", as_of=REFERENCE)
    recognised = {d["code"]: [c["code"] for c in d["communes"]] for d in shortlist["districts"]}
    gov, flags, below = _picks(ranking)
    wanted: list[tuple[str, str, str, str | None]] = [("government_flag", gov, "20", None)]
    wanted += [("provincial_flag_district", code, "20", None) for code in flags]
    for district, token in sorted(district_tokens.items()):
        communes = recognised.get(district, [])
        wanted += [("pm_certificate", c, district, token) for c in communes[:1]]
        wanted += [("provincial_flag_commune", c, district, token) for c in communes[1:2]]
    wanted += [("provincial_certificate_department", code, code, token) for code, token in department_tokens.items()]
    accepted = []
    for kind, nominee, unit, token in wanted:
        awards.command("submit-nomination", {
            "round_code": ROUND, "award_kind": kind, "nominee_code": nominee, "nominating_unit": unit,
            "achievement_file": _file(nominee, "Tiêu biểu xuất sắc trong phong trào xây dựng nông thôn mới."),
            "submitted_on": dates["submitted"]}, f"submit-{kind}-{nominee}", token)
        accepted.append((kind, nominee, token))
    refusal: dict[str, Any] = {}
    if below is not None:
        answer = awards.post("submit-nomination", {
            "round_code": ROUND, "award_kind": "provincial_flag_district", "nominee_code": below,
            "nominating_unit": "20", "achievement_file": _file(below, "Đề nghị Cờ thi đua của UBND tỉnh."),
            "submitted_on": dates["submitted"]}, f"submit-refused-{below}")
        refusal = answer.json().get("error", {})
    return accepted, refusal


def workflow(awards: Caller, dates: dict[str, str], accepted: list[tuple[str, str, str | None]]) -> list[str]:
    """Received, reviewed (exemplary), approved under the decision's number, conferred."""
    conferred = []
    for n, (kind, nominee, _) in enumerate(accepted, start=1):
        nid = f"{ROUND}/{kind}/{nominee}"
        awards.command("receive-nomination", {"nomination_id": nid, "received_on": dates["received"]}, f"receive-{nid}")
        awards.command("review-nomination", {"nomination_id": nid, "exemplary": True, "reviewed_on": dates["reviewed"],
                                             "reasons": "Tiêu biểu xuất sắc (Hội đồng TĐKT tỉnh)"}, f"review-{nid}")
        number = DECISIONS["central" if kind in CENTRAL else "provincial"]
        awards.command("decide-nomination", {"nomination_id": nid, "outcome": "approved", "reasons": "Đủ tiêu chuẩn",
                                             "document_number": number, "decision_date": dates["decided"]},
                       f"decide-{nid}")
        awards.command("confer-award", {"nomination_id": nid, "conferred_on": dates["conferred"],
                                        "certificate_number": f"{n:03d}/BK"}, f"confer-{nid}")
        conferred.append(nid)
    return conferred


def write_documents(awards: Caller, folder: Path, conferred: list[str]) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    for scope, number in DECISIONS.items():
        for ext in ("docx", "xlsx"):
            files[f"decision-{scope}.{ext}"] = awards.get(f"/rounds/{ROUND}/decision.{ext}", number=number)
    provincial = next((nid for nid in conferred if nid.split("/")[1] not in CENTRAL), None)
    if provincial is not None:
        _, kind, nominee = provincial.split("/")
        files[f"certificate-{kind}-{nominee}.pdf"] = awards.get(
            f"/rounds/{ROUND}/nominations/{kind}/{nominee}/certificate.pdf")
    files["national-nomination.xlsx"] = awards.get(f"/rounds/{ROUND}/national-nomination.xlsx")
    written = {}
    for name, content in files.items():
        (folder / name).write_bytes(content)
        written[name] = folder / name
    return written


def wait_known(awards: Caller, kind: str, codes: list[str], deadline_s: float = 60) -> None:
    """Until awards' facts know `codes` as candidates of `kind` (the registry's events are projected)."""
    end = time.monotonic() + deadline_s
    while not set(codes) <= {c["nominee"]["code"] for c in awards.get(f"/rounds/{ROUND}/candidates", award_kind=kind)}:
        if time.monotonic() > end:
            raise SystemExit(f"timed out waiting for awards to know {codes}")
        time.sleep(0.2)


def run_round(awards: Caller, folder: Path, district_tokens: Mapping[str, str],
              department_tokens: Mapping[str, str] = {}) -> Outcome:
    awards.command("load-round-preset", {"preset": ROUND}, "preset")
    wait_known(awards, "provincial_certificate_department", list(department_tokens))
    due = awards.get(f"/rounds/{ROUND}")["definition"]["nominations_due"]
    dates = {"submitted": due, **_after(due)}
    accepted, refusal = nominate(awards, dates, district_tokens, department_tokens)
    conferred = workflow(awards, dates, accepted)
    return Outcome(conferred, refusal, write_documents(awards, folder, conferred))


def _after(due: str) -> dict[str, str]:
    from datetime import date, timedelta

    day = date.fromisoformat(due)
    return {step: (day + timedelta(days=n)).isoformat()
            for step, n in (("received", 10), ("reviewed", 20), ("decided", 30), ("conferred", 40))}
