"""A cluster, not one broker: with one of three brokers killed -9 under load, commands keep being
accepted and published, and nothing is lost or doubled.

The only test that starts the 3-node cluster (small heaps: the machine has 2 cores); the rest
of the session runs on one broker.
"""
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from contracts.topics import REGISTRY_EVENTS
from thidua_deploy._util import free_port
from thidua_deploy.isolated import Stack, read_topic, wait_until
from thidua_deploy.kafka_cluster import KafkaCluster, start_kafka_cluster
from thidua_deploy.kafka_config import Node

TOKENS = Path(__file__).resolve().parent / "tokens.test.json"
CLIENTS = 4
KILL_AT = 150  # one broker is killed once this many commands are acknowledged
LOAD_AFTER_KILL_S = 12.0  # the load goes on this long after the kill (leaders move within ~6 s)
FAILOVER_S = 8.0
MAX_PER_CLIENT = 5000  # bounds each client's loop


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[KafkaCluster]:
    ports = iter({free_port() for _ in range(12)})
    nodes = [Node(i + 1, next(ports), next(ports)) for i in range(3)]
    cluster = start_kafka_cluster(tmp_path / "cluster", nodes, heap="200m")
    try:
        yield cluster
    finally:
        cluster.stop()


class Load:
    """CLIENTS threads sending register-unit, each with a new code, until stopped: what was sent,
    and each code answered 201 with the time of its answer."""

    def __init__(self, stack: Stack) -> None:
        self.stack, self.sent, self.acks, self.stopped = stack, [], [], threading.Event()
        self.pool = ThreadPoolExecutor(CLIENTS)
        self.clients = [self.pool.submit(self._send, i) for i in range(CLIENTS)]

    def _send(self, client: int) -> None:
        with self.stack.client("registry") as c:
            for n in range(MAX_PER_CLIENT):
                if self.stopped.is_set():
                    return
                code = f"U{client}{n:05d}"
                body = {"code": code, "unit_type": "province", "name": f"Tỉnh {code}", "effective_from": "2011-01-01"}
                self.sent.append(code)
                if c.post("/commands/register-unit", json=body, headers={"Idempotency-Key": code}).status_code == 201:
                    self.acks.append((code, time.monotonic()))

    def stop(self) -> None:
        self.stopped.set()
        for client in self.clients:
            client.result(timeout=60)
        self.pool.shutdown()


def test_a_broker_killed_under_load_loses_and_doubles_nothing(cluster, tmp_path, database_url, pg_role_passwords):
    stack = Stack(tmp_path / "run", cluster.access, database_url, TOKENS, pg_role_passwords)
    try:
        stack.start("registry")
        load = Load(stack)
        try:
            wait_until(lambda: len(load.acks) >= KILL_AT, 30)
            killed, killed_at = cluster.kill(0), time.monotonic()  # node 1: the likeliest active controller
            wait_until(lambda: time.monotonic() - killed_at >= LOAD_AFTER_KILL_S, LOAD_AFTER_KILL_S + 5, 0.5)
        finally:
            load.stop()
        acknowledged = {code for code, _ in load.acks}
        after_kill = [at - killed_at for _, at in load.acks if at > killed_at]
        in_failover = sum(1 for t in after_kill if t < FAILOVER_S)

        topic = stack.topic(REGISTRY_EVENTS)
        records = wait_until(lambda: (r := read_topic(cluster.access, topic))
                             and acknowledged <= {x["aggregate_id"] for x in r} and r, 60)
        per_unit = Counter(r["aggregate_id"] for r in records)
        doubled = {code: n for code, n in per_unit.items() if n > 1}
        with stack.client("registry") as c:
            listed = wait_until(lambda: acknowledged <= (u := {x["code"] for x in c.get(
                "/units", params={"unit_type": "province"}).json()}) and u, 60)
        print(f"\n3-broker cluster, node 1 (pid {killed.pid}) killed -9 once {KILL_AT} were acknowledged: "
              f"sent {len(load.sent)}, acknowledged {len(acknowledged)} ({len(after_kill)} after the kill, "
              f"{in_failover} in its first {FAILOVER_S:.0f} s), on Kafka {len(per_unit)}, doubled {len(doubled)}, "
              f"in the projection {len(acknowledged & listed)}")
        assert acknowledged == set(load.sent) and in_failover > 0  # accepted throughout
        assert not doubled and set(per_unit) == acknowledged
        assert acknowledged <= listed
    finally:
        stack.stop_all()
