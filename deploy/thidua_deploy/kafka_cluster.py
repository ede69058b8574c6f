"""A KRaft cluster of several nodes on this machine (`make cluster`, the broker-kill test).

Each node is a combined broker + controller JVM, so three JVMs make the cluster, not six: on a
2-core machine three small heaps are what it can afford, and a combined node killed -9 still
leaves a controller quorum (2 of 3) and two in-sync replicas of every partition
(replication 3, min.insync.replicas 2). Layout: data_dir/cluster.id, data_dir/admin.password
(0600), data_dir/node-<id>/ (one node's data, as kafka.py lays it out).
"""
from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from thidua_kernel.kafka_access import KafkaAccess

from ._util import say
from .kafka import KafkaProcess, admin_access, find_kafka, launch_node, new_cluster_id, wait_kafka_ready
from .kafka_config import Node, admin_password
from .secret_files import write_private


@dataclass
class KafkaCluster:
    nodes: list[KafkaProcess]
    access: KafkaAccess  # the super user's, with every node as a bootstrap server

    @property
    def bootstrap(self) -> str:
        return self.access.bootstrap

    @property
    def pid(self) -> int | None:
        return self.nodes[0].pid

    def kill(self, index: int) -> KafkaProcess:
        """SIGKILL one node (no clean shutdown, no leadership handed over) and reap it."""
        node = self.nodes[index]
        assert node.pid is not None
        os.killpg(node.pid, signal.SIGKILL)
        if node._popen is not None:
            node._popen.wait(timeout=30)
        return node

    def stop(self) -> None:
        stop_nodes(self.nodes)


def stop_nodes(nodes: list[KafkaProcess]) -> None:
    """All nodes at once: the last one stopped alone would wait for a quorum the others left."""
    with ThreadPoolExecutor(max(1, len(nodes))) as pool:
        list(pool.map(lambda node: node.stop(), nodes))


def local_nodes(count: int, first_port: int) -> list[Node]:
    """Nodes 1..count on first_port, first_port+2, ...; each controller on the port after its own."""
    return [Node(i + 1, first_port + 2 * i, first_port + 2 * i + 1) for i in range(count)]


def node_dir(data_dir: Path, node: Node) -> Path:
    return Path(data_dir) / f"node-{node.node_id}"


def running_nodes(data_dir: Path) -> list[KafkaProcess]:
    """The nodes of the cluster in data_dir that run now (by their pid files)."""
    found = [find_kafka(d) for d in sorted(Path(data_dir).glob("node-*"))]
    return [n for n in found if n is not None]


def start_kafka_cluster(data_dir: Path, nodes: list[Node], *, heap: str = "256m", fast_jvm: bool = True,
                        timeout: float = 90.0) -> KafkaCluster:
    """Start the nodes of data_dir's cluster that are not running (reusing the others) and return
    once the cluster's metadata lists every one of them."""
    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    formatted = any((node_dir(data_dir, n) / "logs" / "meta.properties").is_file() for n in nodes)
    password = admin_password(data_dir, create=not formatted)
    id_file = data_dir / "cluster.id"
    if not id_file.is_file():
        write_private(id_file, new_cluster_id() + "\n")
    cluster_id = id_file.read_text().strip()
    started = time.monotonic()
    handles: list[KafkaProcess] = []
    try:
        for node in nodes:
            directory = node_dir(data_dir, node)
            running = find_kafka(directory)
            if running is None:
                running = launch_node(directory, node, nodes, password, data_dir / f"node-{node.node_id}.log",
                                      cluster_id=cluster_id, heap=heap, fast_jvm=fast_jvm)
            handles.append(running)
        access = admin_access(",".join(f"127.0.0.1:{n.port}" for n in nodes), password)
        wait_kafka_ready(access, timeout, log_file=data_dir / "node-1.log", brokers=len(nodes))
    except BaseException:
        stop_nodes(handles)
        raise
    say(f"Kafka cluster of {len(nodes)} ready on {access.bootstrap} ({time.monotonic() - started:.1f}s)")
    return KafkaCluster(handles, access)
