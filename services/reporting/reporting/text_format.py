"""Plain-text building blocks of the report: Vietnamese dates and percentages, aligned tables."""
from datetime import date
from typing import Any


def day(iso: str | None) -> str:
    return "—" if iso is None else date.fromisoformat(iso).strftime("%d/%m/%Y")


def pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%".replace(".", ",")


def table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    cells = [[str("—" if c is None else c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = lambda row: "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()  # noqa: E731
    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)]
