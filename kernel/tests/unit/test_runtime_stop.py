"""A service's stop ends even when Kafka is away and aiokafka loses the cancellation of its
producer's stop (its close() awaits its own cancelled task under suppress(CancelledError))."""
import asyncio

import pytest

from thidua_kernel.runtime import Runtime


class FakePool:
    closed = False

    async def close(self) -> None:
        self.closed = True


class ProducerWaitingForAcknowledgements:
    """Kafka away: stop() waits for ever; the first cancellation is lost in a close."""

    def __init__(self, fails_with: Exception | None = None) -> None:
        self.cancels_seen = 0
        self._fails_with = fails_with

    async def stop(self) -> None:
        if self._fails_with is not None:
            raise self._fails_with
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            self.cancels_seen += 1  # swallowed, as aiokafka's close does
        await asyncio.sleep(3600)


def _runtime(broker) -> Runtime:
    return Runtime(settings=None, pool=FakePool(), broker=broker, store=None, runners={}, producer_stop_s=0.05)


async def test_a_stop_with_kafka_away_ends_although_the_producer_loses_the_first_cancel():
    broker = ProducerWaitingForAcknowledgements()
    runtime = _runtime(broker)
    await asyncio.wait_for(runtime.stop(), 5)
    assert broker.cancels_seen == 1 and runtime.pool.closed


async def test_a_producer_that_fails_to_stop_says_so_rather_than_being_ignored():
    runtime = _runtime(ProducerWaitingForAcknowledgements(fails_with=ConnectionResetError("broker gone")))
    with pytest.raises(ConnectionResetError, match="broker gone"):
        await asyncio.wait_for(runtime.stop(), 5)
