"""A rich progress bar following a long piece of work on a service (rate and time left)."""
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text


class RateColumn(TextColumn):
    """Events per second over the run so far."""

    def __init__(self) -> None:
        super().__init__("")

    def render(self, task: Any) -> Text:
        speed = task.finished_speed or task.speed
        return Text("…/s" if speed is None else f"{speed:,.0f} ev/s")


def follow(console: Console, label: str, poll: Callable[[], tuple[int, int, bool]], interval_s: float = 0.5,
           deadline_s: float = 3600.0) -> None:
    """Poll `poll() -> (done, total, finished)` until finished, drawing a bar with rate and ETA.
    Raises TimeoutError after `deadline_s` (the work itself goes on in the service)."""
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
               RateColumn(), TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn())
    end = time.monotonic() + deadline_s
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(label, total=None)
        while True:
            done, total, finished = poll()
            bar.update(task, completed=done, total=max(total, done, 1))
            if finished:
                bar.update(task, completed=max(total, done), total=max(total, done, 1))
                return
            if time.monotonic() > end:
                raise TimeoutError(f"{label}: not finished after {deadline_s:.0f} s (it goes on in the service)")
            time.sleep(interval_s)
