"""The awards API as the round's users call it: the board, district officers, department officers.

`Ledger` is the test's own account of what it did (which nominations were accepted, what became
of each): the dashboard's counts are checked against it, never against another answer of the service.
"""
from collections import Counter
from datetime import date, timedelta
from typing import Any

import httpx

from .history import ok, refusal

ROUND = "2011-2015"
BOARD = "demo-province-board"


def district_token(code: str) -> str:
    return f"demo-district-{code}"


def department_token(code: str) -> str:
    return f"demo-department-{code}"


def nomination_id(kind: str, nominee: str) -> str:
    return f"{ROUND}/{kind}/{nominee}"


def achievement_file(text: str) -> dict[str, Any]:
    return {"justification": text, "figures": {"năm": 2015.0},
            "attachments": [{"title": "Báo cáo thành tích giai đoạn 2011–2015", "document_number": "12/BC-TĐKT",
                             "document_date": "2016-01-10", "reference": "Lưu tại Ban Thi đua – Khen thưởng"}]}


class Dates:
    """The round's calendar as the test lays it out around the round's own deadline (A8)."""

    def __init__(self, due: date) -> None:
        self.submitted = due
        self.late = due + timedelta(days=1)
        self.revoked = due + timedelta(days=5)
        self.received = due + timedelta(days=10)
        self.reviewed = due + timedelta(days=20)
        self.decided = due + timedelta(days=30)
        self.conferred = due + timedelta(days=40)


class Ledger:
    """nomination id → the status the test expects it to have."""

    def __init__(self) -> None:
        self.status: dict[str, str] = {}
        self.unit: dict[str, str] = {}  # nomination id → nominating unit

    def set(self, kind: str, nominee: str, status: str, unit: str | None = None) -> None:
        self.status[nomination_id(kind, nominee)] = status
        if unit is not None:
            self.unit[nomination_id(kind, nominee)] = unit

    def active(self, kind: str, unit: str | None = None) -> list[str]:
        """Nominees of `kind` (by `unit`) counted by the quotas: not withdrawn, not rejected."""
        return [n.split("/")[2] for n, s in self.status.items() if n.split("/")[1] == kind
                and s not in ("withdrawn", "rejected") and (unit is None or self.unit[n] == unit)]

    def of_kind(self, kind: str, status: str | None = None) -> list[str]:
        return [n.split("/")[2] for n, s in self.status.items()
                if n.split("/")[1] == kind and (status is None or s == status)]

    def counts(self) -> dict[str, Counter]:
        by_kind: dict[str, Counter] = {}
        for nid, status in self.status.items():
            by_kind.setdefault(nid.split("/")[1], Counter())[status] += 1
        return by_kind


class Awards:
    """One client per token, all on the awards service of one stack."""

    def __init__(self, stack: Any, dates: Dates | None = None) -> None:
        self.stack = stack
        self.clients: dict[str, httpx.Client] = {}
        self.dates = dates
        self.ledger = Ledger()

    def client(self, token: str = BOARD) -> httpx.Client:
        if token not in self.clients:
            self.clients[token] = self.stack.client("awards", token=token)
        return self.clients[token]

    def close(self) -> None:
        for c in self.clients.values():
            c.close()

    def command(self, name: str, body: dict[str, Any], token: str = BOARD) -> httpx.Response:
        return self.client(token).post(f"/commands/{name}", json=body)

    def get(self, path: str, **params: Any) -> Any:
        return ok(self.client().get(path, params={k: v for k, v in params.items() if v is not None}))

    def submit(self, token: str, kind: str, nominee: str, unit: str, on: date | None = None) -> httpx.Response:
        return self.command("submit-nomination", {
            "round_code": ROUND, "award_kind": kind, "nominee_code": nominee, "nominating_unit": unit,
            "achievement_file": achievement_file(f"Thành tích tiêu biểu xuất sắc của {nominee} trong phong trào"
                                                 " thi đua xây dựng nông thôn mới 2011–2015."),
            "submitted_on": (on or self.dates.submitted).isoformat()}, token)

    def nominate(self, token: str, kind: str, nominee: str, unit: str) -> dict[str, Any]:
        """Accepted: status submitted, and no verdict failed."""
        answer = ok(self.submit(token, kind, nominee, unit))
        assert answer["nomination_id"] == nomination_id(kind, nominee) and answer["status"] == "submitted", answer
        assert all(v["outcome"] in ("pass", "pending") for v in answer["verdicts"]), answer["verdicts"]
        self.ledger.set(kind, nominee, "submitted", unit)
        return answer

    def refuse(self, token: str, kind: str, nominee: str, unit: str, rule: str, status: int = 422,
               on: date | None = None) -> dict[str, Any]:
        """Refused naming `rule`; nothing recorded (the nomination is not found afterwards)."""
        code, error = refusal(self.submit(token, kind, nominee, unit, on))
        assert (code, error["rule"]) == (status, rule), error
        assert self.client().get(f"/rounds/{ROUND}/nominations/{kind}/{nominee}").status_code == 404
        return error

    def step(self, name: str, kind: str, nominee: str, token: str = BOARD, **body: Any) -> dict[str, Any]:
        answer = ok(self.command(name, {"nomination_id": nomination_id(kind, nominee), **body}, token))
        return answer

    def nomination(self, kind: str, nominee: str, known_at: str | None = None) -> dict[str, Any]:
        return self.get(f"/rounds/{ROUND}/nominations/{kind}/{nominee}", known_at=known_at)

    def dashboard(self, known_at: str | None = None) -> dict[str, Any]:
        return self.get(f"/rounds/{ROUND}/dashboard", known_at=known_at)
