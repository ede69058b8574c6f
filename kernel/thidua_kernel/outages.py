"""Which failures are outages (PostgreSQL or Kafka away, a connection lost, a deadlock), not the
fault of a request or a record: a command meeting one gets 503 with Retry-After, a background
task meeting one is restarted after backoff, and a projection never dead-letters a record for it.
"""
import asyncpg
from confluent_kafka import KafkaException

from .errors import ThiduaError

OUTAGES = (
    OSError, TimeoutError, asyncpg.InterfaceError, asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError, asyncpg.exceptions.InsufficientResourcesError,
    asyncpg.exceptions.TransactionRollbackError, asyncpg.exceptions.PostgresSystemError,
    asyncpg.exceptions.InternalServerError, KafkaException,
)


def is_outage(exc: BaseException) -> bool:
    return isinstance(exc, OUTAGES)


class Unavailable(ThiduaError):
    """The request met an outage. Its transaction almost surely did not commit (a connection lost
    right after the commit is the exception): retrying with the same Idempotency-Key is safe."""

    status_code = 503

    def __init__(self, exc: BaseException, retry_after_s: int = 2) -> None:
        super().__init__(
            "UNAVAILABLE",
            "Cơ sở dữ liệu hoặc Kafka tạm thời không sẵn sàng; vui lòng gửi lại sau ít giây"
            " với cùng Idempotency-Key.",
            "The database or Kafka is briefly unavailable; retry in a few seconds with the same Idempotency-Key.",
            error=type(exc).__name__, retry_after_s=retry_after_s,
        )
        self.headers = {"Retry-After": str(retry_after_s)}
