"""`make demo`'s periodic reporting (R1) and issued report (R2–R5): the board opens the 2015 yearly
period (who owes computed by reporting from the registry), records the units' reports on the days
they came (all on time but one late, one missing), prints completeness and timeliness, issues the
2011–2015 thematic report and writes its DOCX, XLSX and PDF.

Every command carries an idempotency key, so a second run records nothing twice."""
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import httpx

from thidua_kernel.vi_format import vi_date, vi_percent

PERIOD = {"kind": "year", "year": 2015, "due_on": "2016-01-15", "grace_days": 5, "opened_on": "2015-12-01"}
CODE = "2015"
ON_TIME, LATE = "2016-01-12", "2016-01-27"


@dataclass
class Reporting:
    late: str = ""
    missing: str = ""
    completeness: dict[str, Any] = field(default_factory=dict)
    documents: dict[str, Path] = field(default_factory=dict)
    issued: dict[str, Any] = field(default_factory=dict)


class Board:
    """The reporting API as the province board (the client's token)."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def command(self, name: str, body: dict[str, Any], key: str) -> dict[str, Any]:
        answer = self.client.post(f"/commands/{name}", json=body, headers={"Idempotency-Key": f"demo-reporting-{key}"})
        if answer.status_code >= 400:
            raise SystemExit(f"reporting refused {name} ({answer.status_code}): {answer.text}")
        return answer.json()

    def get(self, path: str, **params: Any) -> httpx.Response:
        answer = self.client.get(path, params=params)
        if answer.status_code >= 400:
            raise SystemExit(f"reporting answered {path} with {answer.status_code}: {answer.text}")
        return answer


def _report(unit: str) -> dict[str, Any]:
    return {"period_code": CODE, "unit_code": unit, "drafted_on": ON_TIME,
            "narrative": f"Báo cáo kết quả thực hiện phong trào thi đua năm 2015 của đơn vị {unit}",
            "figures": {"communes_assessed": 0, "funds_mobilised_vnd": 0, "model_examples": 1}}


def record_period(board: Board) -> Reporting:
    """The 2015 period with every owing unit reporting on time, except one late and one missing."""
    opened = board.command("open-period", PERIOD, "open-2015")
    owed = sorted(opened["expected_units"])
    outcome = Reporting(late=owed[1], missing=owed[-1])
    for unit in owed:
        if unit == outcome.missing:
            continue
        day = LATE if unit == outcome.late else ON_TIME
        board.command("save-draft", {**_report(unit), "drafted_on": day}, f"draft-{unit}")
        board.command("submit-report", {"period_code": CODE, "unit_code": unit, "submitted_on": day}, f"submit-{unit}")
    outcome.completeness = board.get(f"/periods/{CODE}/completeness", as_of="2016-02-01").json()
    return outcome


def print_reporting(outcome: Reporting) -> None:
    figures = outcome.completeness
    province = figures["province"]
    due = vi_date(date.fromisoformat(figures["due_on"]))
    print(f"\nKỳ báo cáo năm {CODE} (reporting, hạn {due}, gia hạn {figures['grace_days']} ngày, "
          f"tại {vi_date(date.fromisoformat(figures['as_of']))}):")
    print(f"  Đã nộp {province['submitted']}/{province['owed']} ({vi_percent(Fraction(province['submitted'], province['owed']))}), "
          f"đúng hạn {province['on_time']}/{province['owed']} ({vi_percent(Fraction(province['on_time'], province['owed']))})")
    print(f"  Nộp muộn: {', '.join(figures['late_units'])}; chưa nộp: {', '.join(figures['missing_units'])}")
