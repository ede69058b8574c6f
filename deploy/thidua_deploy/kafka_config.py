"""server.properties of a local KRaft node: SASL/SCRAM for clients, ACLs, one node or a cluster.

Listeners (all on 127.0.0.1):
  CLIENT      SASL_PLAINTEXT, SCRAM-SHA-512: the services, the tools, and the brokers between them
              (replication), each as its own principal; the passwords never cross the wire.
  CONTROLLER  SASL_PLAINTEXT, PLAIN: KRaft's own traffic. SCRAM credentials live in the metadata
              log the controllers serve, so the controllers cannot use them themselves; PLAIN with
              one static user (the broker's admin) known only from this 0600 file.
Authorization: StandardAuthorizer, nothing allowed without an ACL, `User:admin` a super user
(the brokers and the deploy tooling that creates the services' principals and ACLs).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .secret_files import read_or_create_password

ADMIN_USER = "admin"
MECHANISM = "SCRAM-SHA-512"
ADMIN_PASSWORD_FILE = "admin.password"


@dataclass(frozen=True)
class Node:
    node_id: int
    port: int
    controller_port: int


def admin_password(cluster_dir: Path, create: bool) -> str:
    """The broker admin's password, kept in cluster_dir (created once, when `create`)."""
    path = Path(cluster_dir) / ADMIN_PASSWORD_FILE
    if not create and not path.is_file():
        raise RuntimeError(f"{path} is missing: this Kafka data was made without SASL (make clean)")
    return read_or_create_password(path)


def scram_format_args(password: str) -> list[str]:
    """kafka-storage format arguments that create the admin's SCRAM credential before the first
    start (the brokers need it to replicate; the services' principals come later by the admin API)."""
    return ["--add-scram", f"{MECHANISM}=[name={ADMIN_USER},password={password}]"]


def server_properties(data_dir: Path, node: Node, nodes: list[Node], password: str) -> str:
    replicas = len(nodes)
    voters = ",".join(f"{n.node_id}@127.0.0.1:{n.controller_port}" for n in nodes)
    scram_login = (f'org.apache.kafka.common.security.scram.ScramLoginModule required '
                   f'username="{ADMIN_USER}" password="{password}";')
    plain_login = (f'org.apache.kafka.common.security.plain.PlainLoginModule required '
                   f'username="{ADMIN_USER}" password="{password}" user_{ADMIN_USER}="{password}";')
    props = {
        "process.roles": "broker,controller",
        "node.id": str(node.node_id),
        "controller.quorum.voters": voters,
        "listeners": f"CLIENT://127.0.0.1:{node.port},CONTROLLER://127.0.0.1:{node.controller_port}",
        "advertised.listeners": f"CLIENT://127.0.0.1:{node.port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "CLIENT",
        "listener.security.protocol.map": "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
        "sasl.enabled.mechanisms": MECHANISM,
        "sasl.mechanism.inter.broker.protocol": MECHANISM,
        "listener.name.client.sasl.enabled.mechanisms": MECHANISM,
        "listener.name.client.scram-sha-512.sasl.jaas.config": scram_login,
        "sasl.mechanism.controller.protocol": "PLAIN",
        "listener.name.controller.sasl.enabled.mechanisms": "PLAIN",
        "listener.name.controller.plain.sasl.jaas.config": plain_login,
        "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "super.users": f"User:{ADMIN_USER}",
        "allow.everyone.if.no.acl.found": "false",
        "log.dirs": str(data_dir / "logs"),
        "num.partitions": "3",
        # Topics get the cluster's replication (services create theirs with replication -1).
        "default.replication.factor": str(replicas),
        "min.insync.replicas": str(min(2, replicas)),
        "offsets.topic.replication.factor": str(replicas),
        "transaction.state.log.replication.factor": str(replicas),
        "transaction.state.log.min.isr": str(min(2, replicas)),
        "share.coordinator.state.topic.replication.factor": str(replicas),
        "share.coordinator.state.topic.min.isr": str(min(2, replicas)),
        "group.initial.rebalance.delay.ms": "0",
        "log.retention.ms": "-1",
        "auto.create.topics.enable": "false",
        # A killed node's partitions move to the others within seconds, not the default 18.
        "broker.session.timeout.ms": "6000",
        "broker.heartbeat.interval.ms": "1000",
        "unclean.leader.election.enable": "false",
        # The log cleaner's buffer (128 MB by default) would not fit the cluster's small heaps;
        # only the internal offsets topic is compacted here.
        "log.cleaner.dedupe.buffer.size": str(16 * 1024 * 1024),
    }
    return "# written by thidua_deploy.kafka_config (holds a password: mode 0600)\n" + "".join(
        f"{k}={v}\n" for k, v in props.items())
