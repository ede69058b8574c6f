"""Outbox back-pressure: while the outbox is deeper than a limit, commands get 503 + Retry-After.

The depth is kept in memory, never read per command (a command costs two round trips, README):
the event store adds what it commits, the relay subtracts what it relays and measures the
outbox with one count(*) when it starts and when a batch comes back full (a backlog, or events
appended by another process of the same service). While the relay is down (Kafka unreachable,
restarting after backoff) the depth only grows, so commands are refused until it drains.
"""
import structlog

from .errors import ThiduaError

log = structlog.get_logger("thidua.backpressure")


class OutboxFull(ThiduaError):
    """The outbox holds more events than the limit: the relay is behind or Kafka is away."""

    status_code = 503

    def __init__(self, depth: int, limit: int, retry_after_s: int) -> None:
        super().__init__(
            "BACKPRESSURE",
            "Hệ thống đang tồn đọng sự kiện chưa chuyển lên Kafka; vui lòng gửi lại sau ít giây.",
            "Too many events are waiting to be published to Kafka; retry in a few seconds.",
            outbox_depth=depth, outbox_limit=limit, retry_after_s=retry_after_s,
        )
        self.headers = {"Retry-After": str(retry_after_s)}


class OutboxDepth:
    """Events in this service's outbox, as far as this process knows without asking."""

    def __init__(self, limit: int, retry_after_s: int = 1) -> None:
        self.limit = limit
        self.retry_after_s = retry_after_s
        self.depth = 0

    def check(self) -> None:
        """Before an append: refuse it while the outbox is over the limit (0 = no limit)."""
        if self.limit and self.depth > self.limit:
            raise OutboxFull(self.depth, self.limit, self.retry_after_s)

    def appended(self, events: int) -> None:
        self.depth += events

    def relayed(self, events: int) -> None:
        self.depth = max(0, self.depth - events)

    def measured(self, events: int) -> None:
        if events != self.depth:
            log.debug("outbox depth measured", known=self.depth, measured=events)
        self.depth = events
