"""`make demo`'s periodic reporting (R1) and issued report (R2–R5): the board opens the 2015 yearly
period (who owes computed by reporting from the registry), records the units' reports on the days
they came (all on time but one late, one missing), prints completeness and timeliness, issues the
2011–2015 thematic report (R4) and writes its DOCX, XLSX and PDF, regenerated from the act and
checked against the hashes recorded when it was issued.

Every command carries an idempotency key, so a second run records nothing twice."""
import time
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from thidua_kernel.vi_format import vi_date, vi_percent

from .demo_round import Caller

PERIOD = {"kind": "year", "year": 2015, "due_on": "2016-01-15", "grace_days": 5, "opened_on": "2015-12-01"}
CODE = "2015"
ON_TIME, LATE = "2016-01-12", "2016-01-27"
AS_OF = "2016-02-01"
# R4/R5: the thematic report at the end of the 2011–2015 plan, issued by the province.
THEMATIC = {"kind": "thematic", "parameters": {"plan": "2011-2015"}, "number": "15/BC-UBND",
            "issued_on": "2016-02-15"}
FORMATS = ("docx", "xlsx", "pdf")


@dataclass
class Reporting:
    late: str = ""
    missing: str = ""
    completeness: dict[str, Any] = field(default_factory=dict)
    documents: dict[str, Path] = field(default_factory=dict)
    issued: dict[str, Any] = field(default_factory=dict)
    recorded_at: str = ""  # when the last report was recorded: the issued report must know it
    differing: list[str] = field(default_factory=list)  # files whose regeneration differs from the act


def command_when_caught_up(board: Caller, name: str, body: dict[str, Any], key: str, attempts: int = 60) -> dict:
    """A command reporting refuses with 503 until its projections have seen the moment asked
    (issue-report): tried again after the Retry-After it gives, a bounded number of times."""
    for _ in range(attempts):
        answer = board.post(name, body, key)
        if answer.status_code != 503:
            break
        time.sleep(min(float(answer.headers.get("Retry-After", "1")), 5))
    return board.answer(name, answer)


def _report(unit: str) -> dict[str, Any]:
    return {"period_code": CODE, "unit_code": unit, "drafted_on": ON_TIME,
            "narrative": f"Báo cáo kết quả thực hiện phong trào thi đua năm 2015 của đơn vị {unit}",
            "figures": {"communes_assessed": 0, "funds_mobilised_vnd": 0, "model_examples": 1}}


def record_period(board: Caller) -> Reporting:
    """The 2015 period with every owing unit reporting on time, except one late and one missing."""
    opened = board.command("open-period", PERIOD, "open-2015")
    owed = sorted(opened["expected_units"])
    outcome = Reporting(late=owed[1], missing=owed[-1])
    for unit in owed:
        if unit == outcome.missing:
            continue
        day = LATE if unit == outcome.late else ON_TIME
        board.command("save-draft", {**_report(unit), "drafted_on": day}, f"draft-{unit}")
        answer = board.command("submit-report", {"period_code": CODE, "unit_code": unit, "submitted_on": day},
                               f"submit-{unit}")
        outcome.recorded_at = max(outcome.recorded_at, answer["recorded_at"])
    # The consolidated report's R1 section: the same figures, with the units' names.
    report = board.get("/reports/consolidated", as_of=AS_OF)
    outcome.completeness = next(p for p in report["periodic_reporting"]["periods"] if p["period_code"] == CODE)
    return outcome


def issue_thematic(board: Caller, outcome: Reporting, folder: Path) -> None:
    """Issue the 2011–2015 report as known when the last report was recorded (reporting answers 503
    until its projections have seen that moment; a second run: the same act) and write its files as
    regenerated from the act, each checked against the hash recorded when it was issued."""
    answer = command_when_caught_up(board, "issue-report", {**THEMATIC, "known_at": outcome.recorded_at},
                                          "issue-thematic-2011-2015")
    outcome.issued = answer["issued"]
    folder.mkdir(parents=True, exist_ok=True)
    for fmt in FORMATS:
        response = board.client.get(f"/issued-reports/{THEMATIC['number']}.{fmt}")
        response.raise_for_status()
        if response.headers.get("X-Report-Identical") != "true":  # e.g. issued by an earlier version of the code
            outcome.differing.append(fmt)
        path = folder / f"bao-cao-chuyen-de-2011-2015.{fmt}"
        path.write_bytes(response.content)
        outcome.documents[fmt] = path


def print_reporting(outcome: Reporting) -> None:
    figures = outcome.completeness
    province = figures["province"]
    due = vi_date(date.fromisoformat(figures["due_on"]))
    print(f"\nKỳ báo cáo năm {CODE} (reporting, hạn {due}, gia hạn {figures['grace_days']} ngày, "
          f"tại {vi_date(date.fromisoformat(AS_OF))}):")
    print(f"  Đã nộp {province['submitted']}/{province['owed']} ({vi_percent(Fraction(province['submitted'], province['owed']))}), "
          f"đúng hạn {province['on_time']}/{province['owed']} ({vi_percent(Fraction(province['on_time'], province['owed']))})")
    named = lambda units: ", ".join(f"{u['name']} ({u['unit_code']})" for u in units) or "không"  # noqa: E731
    came_late = [u for u in figures["late_units"] if u["reported_on"]]  # the missing count as late too (R1)
    print(f"  Nộp muộn: {named(came_late)}; chưa nộp: {named(figures['missing_units'])}")
    if outcome.issued:
        act = outcome.issued
        print(f"  Báo cáo chuyên đề 2011–2015 số {act['number']} ban hành ngày "
              f"{vi_date(date.fromisoformat(act['issued_on']))} (số liệu tại {vi_date(date.fromisoformat(act['as_of']))}, "
              f"SHA-256 PDF {act['hashes']['pdf'][:16]}…)")
        for fmt, path in outcome.documents.items():
            said = "KHÁC bản đã ban hành (mã băm khác)" if fmt in outcome.differing else "trùng khớp bản đã ban hành"
            print(f"    {fmt.upper():<5} {path} ({said})")
