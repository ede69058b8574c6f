"""Up to which moment reporting's projections have seen everything: the `known_at` a report may be
issued at.

Reading chosen (the projection runner, kernel projection.py): its `caught_up` flag (set by
`_mark_caught_up` once every assigned partition was at its end offset) says it has reached the end
once since its start or rebuild, not when. The moment is measured here, on demand: take t0 from
the clock, then read Kafka's end offsets of every topic the projections read, then the offsets
committed with their rows (projection_offsets). When every committed offset has reached the end
offset read after t0 (and every runner is caught up, none rebuilding), every record Kafka held at
t0 is in the rows: the projections have seen Kafka up to t0.

Kafka is not the source: an event is recorded (recorded_at, by the source service's clock) and
then relayed from that service's outbox, normally within milliseconds (the relay is woken by
NOTIFY) but later while Kafka or the relay is away. A report may therefore be issued as known at a
moment up to t0 − `margin` (settings.issue_relay_margin_s, default 2 s), and that moment is the
default known_at. An event relayed later than the margin, yet recorded before known_at, would
change the regenerated report: the issued report's `identical` says so, figure by figure in
/changes. A `known_at` later than t0 − margin is refused (503, Retry-After: ask again shortly).
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from thidua_kernel.clock import Clock
from thidua_kernel.errors import ThiduaError
from thidua_kernel.kafka_admin import end_offsets
from thidua_kernel.runtime import Runtime


@dataclass(frozen=True)
class Seen:
    through: datetime | None   # t0 when caught up, else None
    lag: int                   # records on Kafka not yet committed with the rows
    states: dict[str, str]     # each projection's runner state


class NotCaughtUp(ThiduaError):
    """The projections have not seen every event recorded by the known_at asked: retry shortly."""

    status_code = 503

    def __init__(self, known_at: datetime | None, seen: Seen, margin_s: float, retry_after_s: int = 1) -> None:
        safe = None if seen.through is None else seen.through - timedelta(seconds=margin_s)
        super().__init__(
            "R2",
            "Dữ liệu báo cáo chưa cập nhật đủ đến thời điểm yêu cầu"
            f" ({known_at.isoformat() if known_at else 'mặc định'}); vui lòng gửi lại sau ít giây.",
            "Reporting's projections have not yet seen every event recorded by the known_at asked"
            f" ({known_at.isoformat() if known_at else 'default'}); retry in a few seconds.",
            known_at=known_at.isoformat() if known_at else None,
            caught_up_through=seen.through.isoformat() if seen.through else None,
            latest_known_at=safe.isoformat() if safe else None, margin_s=margin_s, lag=seen.lag,
            projections=seen.states, retry_after_s=retry_after_s)
        self.headers = {"Retry-After": str(retry_after_s)}


async def seen_through(runtime: Runtime, clock: Clock) -> Seen:
    """See the module's reading: t0 first, then Kafka's ends, then the committed offsets."""
    t0 = clock.now()
    runners = runtime.runners
    topics = sorted({t for r in runners.values() for t in r.topics})
    ends = await end_offsets(runtime.settings.kafka_access(), topics) if topics else {}
    rows = await runtime.pool.fetch("SELECT projection, topic, partition, next_offset FROM projection_offsets")
    stored = {(r["projection"], r["topic"], r["partition"]): r["next_offset"] for r in rows}
    lag = sum(max(0, end - stored.get((name, t, p), 0))
              for name, runner in runners.items() for (t, p), end in ends.items() if t in runner.topics)
    states = {name: runner.state for name, runner in runners.items()}
    caught_up = lag == 0 and all(s == "caught_up" for s in states.values())
    return Seen(t0 if caught_up else None, lag, states)


def final_known_at(seen: Seen, asked: datetime | None, margin_s: float) -> datetime:
    """The known_at to issue at: `asked`, or the latest safe moment; NotCaughtUp when not final."""
    if seen.through is None:
        raise NotCaughtUp(asked, seen, margin_s)
    latest = seen.through - timedelta(seconds=margin_s)
    if asked is None:
        return latest
    if asked > latest:
        raise NotCaughtUp(asked, seen, margin_s)
    return asked
