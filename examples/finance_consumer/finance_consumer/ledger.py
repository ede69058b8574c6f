"""The prizes to pay, kept in SQLite: each event handled once (by its event_id), in one transaction.

- RoundDefined: the prize of each award kind that states an amount (AwardKind.prize.amount_vnd);
  a kind whose prize is "set later" waits for its PrizeSet.
- PrizeSet: the amount of an award kind, set by a resolution; decisions waiting for it are paid.
- NominationDecided, outcome "approved": one payment line for the nomination, at the prize of its
  award kind (a rejected one pays nothing). A decision whose prize is not known yet waits.
- AwardConferred: the date the award was handed over, kept beside the payment.
A payment line is written once per nomination, even if the topic delivers an event again.
"""
import sqlite3
from dataclasses import dataclass
from typing import Any

from .contracts import decision_as_v2

TABLES = """
CREATE TABLE IF NOT EXISTS handled (event_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS prizes (round_code TEXT, award_kind TEXT, amount_vnd INTEGER,
                                   PRIMARY KEY (round_code, award_kind));
CREATE TABLE IF NOT EXISTS approved (nomination_id TEXT PRIMARY KEY, round_code TEXT, award_kind TEXT,
                                     nominee_code TEXT, decision_number TEXT, decision_date TEXT,
                                     conferred_on TEXT);
CREATE TABLE IF NOT EXISTS payments (nomination_id TEXT PRIMARY KEY, round_code TEXT, award_kind TEXT,
                                     nominee_code TEXT, amount_vnd INTEGER, decision_number TEXT,
                                     decision_date TEXT);
"""


@dataclass(frozen=True)
class PaymentLine:
    nomination_id: str
    round_code: str
    award_kind: str
    nominee_code: str
    amount_vnd: int
    decision_number: str
    decision_date: str

    def csv(self) -> str:
        return ";".join(str(v) for v in (self.nomination_id, self.round_code, self.award_kind, self.nominee_code,
                                         self.amount_vnd, self.decision_number, self.decision_date))


class PrizeLedger:
    def __init__(self, path: str) -> None:
        self._db = sqlite3.connect(path)
        self._db.executescript(TABLES)

    def close(self) -> None:
        self._db.close()

    def handle(self, envelope: dict[str, Any]) -> list[PaymentLine]:
        """The payment lines this event makes due; none for an event already handled."""
        with self._db:  # one transaction: the event's effects and its event_id, or neither
            if self._db.execute("SELECT 1 FROM handled WHERE event_id = ?", (envelope["event_id"],)).fetchone():
                return []
            self._db.execute("INSERT INTO handled VALUES (?)", (envelope["event_id"],))
            return self._apply(envelope["event_type"], envelope.get("schema_version", 1), envelope["payload"])

    def _apply(self, event_type: str, version: int, p: dict[str, Any]) -> list[PaymentLine]:
        if event_type == "RoundDefined":
            for kind in p["award_kinds"]:
                amount = (kind.get("prize") or {}).get("amount_vnd")
                if amount is not None:
                    self._set_prize(p["code"], kind["code"], amount)
            return self._pay_waiting(p["code"])
        if event_type == "PrizeSet":
            self._set_prize(p["round_code"], p["award_kind"], p["amount_vnd"])
            return self._pay_waiting(p["round_code"])
        if event_type == "NominationDecided" and p["outcome"] == "approved":
            d = decision_as_v2(p, version)
            self._db.execute("INSERT OR REPLACE INTO approved VALUES (?, ?, ?, ?, ?, ?, NULL)", (
                d["nomination_id"], d["round_code"], d["award_kind"], d["nominee_code"], d["decision_number"],
                d["decision_date"]))
            return self._pay_waiting(d["round_code"])
        if event_type == "AwardConferred":
            self._db.execute("UPDATE approved SET conferred_on = ? WHERE nomination_id = ?",
                             (p["conferred_on"], p["nomination_id"]))
        return []

    def _set_prize(self, round_code: str, award_kind: str, amount: int) -> None:
        self._db.execute("INSERT OR REPLACE INTO prizes VALUES (?, ?, ?)", (round_code, award_kind, amount))

    def _pay_waiting(self, round_code: str) -> list[PaymentLine]:
        rows = self._db.execute(
            "SELECT a.nomination_id, a.round_code, a.award_kind, a.nominee_code, p.amount_vnd, a.decision_number,"
            " a.decision_date FROM approved a JOIN prizes p USING (round_code, award_kind)"
            " WHERE a.round_code = ? AND a.nomination_id NOT IN (SELECT nomination_id FROM payments)"
            " ORDER BY a.nomination_id", (round_code,)).fetchall()
        self._db.executemany("INSERT INTO payments VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        return [PaymentLine(*row) for row in rows]

    def payments(self) -> list[PaymentLine]:
        rows = self._db.execute("SELECT * FROM payments ORDER BY nomination_id").fetchall()
        return [PaymentLine(*row) for row in rows]
