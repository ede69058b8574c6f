"""Kafka 4.1.1 (KRaft, broker+controller in each JVM) as detached local processes: one node, or a
cluster of several on this machine (kafka_cluster.py). SASL/SCRAM and ACLs: kafka_config.py.

Layout of a node's data_dir: server.properties and admin.password (0600), logs/ (log.dirs),
kafka.pid.
"""
from __future__ import annotations

import base64
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from thidua_kernel.kafka_access import KafkaAccess

from ._util import (port_open, read_pid_file, run_sync, say, split_hostport, tail,
                    terminate_group, write_pid_file)
from .kafka_admin import create_topics, create_topics_async, probe_kafka
from .kafka_config import (ADMIN_PASSWORD_FILE, ADMIN_USER, Node, admin_password, scram_format_args,
                           server_properties)
from .kafka_runtime import (KAFKA_VERSION, LOG4J_CONFIG, cds_flags, claim_cds_lock,
                            default_cache_dir, ensure_kafka_jars)
from .secret_files import write_private

__all__ = ["KafkaProcess", "start_kafka", "find_kafka", "wait_kafka_ready", "ensure_kafka_jars",
           "create_topics", "create_topics_async", "KAFKA_VERSION", "default_cache_dir"]


@dataclass
class KafkaProcess:
    """Handle of a broker; `access` is its super user's. pid is None for an external cluster
    (stop() then does nothing)."""
    access: KafkaAccess
    pid: int | None = None
    data_dir: Path | None = None
    log_file: Path | None = None
    _popen: subprocess.Popen | None = field(default=None, repr=False, compare=False)

    @property
    def bootstrap(self) -> str:
        return self.access.bootstrap

    @property
    def external(self) -> bool:
        return self.pid is None

    def alive(self) -> bool:
        return self.pid is not None and _is_our_broker(self.pid)

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM the broker's process group, wait up to timeout seconds, then SIGKILL."""
        if self.pid is None:
            return
        if _is_our_broker(self.pid):
            say(f"stopping Kafka (pid {self.pid})")
            reap = self._popen.poll if self._popen is not None else None
            terminate_group(self.pid, timeout, "Kafka", reap)
        if self._popen is not None:  # our own child: reap it, leave no zombie
            try:
                self._popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        if self.data_dir is not None:
            (self.data_dir / "kafka.pid").unlink(missing_ok=True)

    def __enter__(self) -> "KafkaProcess":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def admin_access(bootstrap: str, password: str) -> KafkaAccess:
    return KafkaAccess(bootstrap, ADMIN_USER, password)


def _is_our_broker(pid: int) -> bool:
    try:
        cmd = psutil.Process(pid).cmdline()
    except psutil.Error:
        return False
    return "kafka.Kafka" in cmd


def _uses_archive(flags: list[str]) -> bool:
    return any(f.startswith("-XX:SharedArchiveFile=") for f in flags)


def find_kafka(data_dir: Path) -> KafkaProcess | None:
    """The broker running from data_dir (per its pid file), or None."""
    data_dir = Path(data_dir)
    pid = read_pid_file(data_dir / "kafka.pid")
    if pid is None or not _is_our_broker(pid):
        return None
    port = None
    for line in (data_dir / "server.properties").read_text().splitlines():
        if line.startswith("advertised.listeners="):
            port = split_hostport(line.split("=", 1)[1].split("://")[-1], 9092)[1]
    if not port:
        return None
    return KafkaProcess(admin_access(f"127.0.0.1:{port}", admin_password(data_dir, create=False)), pid, data_dir)


def wait_kafka_ready(access: KafkaAccess, timeout: float = 60.0, proc: subprocess.Popen | None = None,
                     log_file: Path | None = None, brokers: int = 1) -> None:
    """Poll until the cluster answers a metadata request with `brokers` brokers, or raise."""
    deadline = time.monotonic() + timeout
    while not run_sync(lambda: probe_kafka(access, brokers=brokers)):
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"Kafka exited with code {proc.returncode}; log {log_file}:\n"
                               + (tail(log_file) if log_file else ""))
        if time.monotonic() >= deadline:
            raise TimeoutError(f"Kafka at {access.bootstrap} not ready after {timeout:.0f}s; log {log_file}:\n"
                               + (tail(log_file) if log_file else ""))
        time.sleep(0.1)


def new_cluster_id() -> str:
    # Never one starting with "-": the storage tool would read it as an option (one id in 64 did,
    # and the session's Kafka failed to format). Kafka's own Uuid.randomUuid avoids them too.
    while (found := base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")).startswith("-"):
        pass
    return found


def launch_node(data_dir: Path, node: Node, nodes: list[Node], password: str, log_file: Path, *,
                cluster_id: str, jars_dir: Path | None = None, heap: str = "512m",
                fast_jvm: bool = False) -> KafkaProcess:
    """Format data_dir on first use (the admin's SCRAM credential included) and launch a detached
    JVM for `node` (own session: it outlives the caller). Does not wait for it to be ready."""
    for p in (node.port, node.controller_port):
        if port_open("127.0.0.1", p):
            raise RuntimeError(f"port {p} is already used by another process; cannot start Kafka")
    jars = Path(jars_dir) if jars_dir else ensure_kafka_jars()
    java = shutil.which("java") or "java"
    data_dir.mkdir(parents=True, exist_ok=True)
    log_file.parent.mkdir(parents=True, exist_ok=True)
    props = data_dir / "server.properties"
    write_private(props, server_properties(data_dir, node, nodes, password))
    write_private(data_dir / ADMIN_PASSWORD_FILE, password + "\n")
    base = [java, f"-Dlog4j2.configurationFile={LOG4J_CONFIG}", f"-Dthidua.kafka.log={log_file}",
            "-Djava.awt.headless=true"]
    cds = cds_flags(jars)
    if not (data_dir / "logs" / "meta.properties").is_file():
        fmt_jvm = [*(cds if _uses_archive(cds) else []), "-XX:TieredStopAtLevel=1"]
        fmt = subprocess.run(
            [*base, *fmt_jvm, "-cp", f"{jars}/*", "kafka.tools.StorageTool", "format",
             "-t", cluster_id, "-c", str(props), *scram_format_args(password)],
            capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if fmt.returncode != 0:
            raise RuntimeError(f"Kafka storage format failed:\n{fmt.stdout}\n{fmt.stderr}")
    jvm = [f"-Xmx{heap}", *cds]
    if fast_jvm:
        jvm += ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
    say(f"starting Kafka {KAFKA_VERSION} node {node.node_id} on 127.0.0.1:{node.port} (log {log_file})")
    with open(log_file, "ab") as out:
        proc = subprocess.Popen([*base, *jvm, "-cp", f"{jars}/*", "kafka.Kafka", str(props)],
                                cwd=data_dir, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    if any(f.startswith("-XX:ArchiveClassesAtExit") for f in jvm):
        claim_cds_lock(jars, proc.pid)
    write_pid_file(data_dir / "kafka.pid", proc.pid)
    return KafkaProcess(admin_access(f"127.0.0.1:{node.port}", password), proc.pid, data_dir, log_file, proc)


def start_kafka(data_dir: Path, port: int, controller_port: int, log_file: Path, *,
                jars_dir: Path | None = None, heap: str = "512m", fast_jvm: bool = False,
                timeout: float = 60.0) -> KafkaProcess:
    """Start (or reuse, if already running from data_dir) a KRaft single-node broker with SASL
    and ACLs; returns once it answers its admin's metadata requests. fast_jvm trades peak speed
    for a faster start (C1 only, serial GC): meant for test clusters."""
    data_dir, log_file = Path(data_dir).resolve(), Path(log_file).resolve()
    running = find_kafka(data_dir)
    if running is not None:
        say(f"Kafka already running on {running.bootstrap} (pid {running.pid}): reusing it")
        wait_kafka_ready(running.access, timeout, log_file=log_file)
        running.log_file = log_file
        return running
    formatted = (data_dir / "logs" / "meta.properties").is_file()
    password = admin_password(data_dir, create=not formatted)
    node = Node(1, port, controller_port)
    started = time.monotonic()
    handle = launch_node(data_dir, node, [node], password, log_file, cluster_id=new_cluster_id(),
                         jars_dir=jars_dir, heap=heap, fast_jvm=fast_jvm)
    try:
        wait_kafka_ready(handle.access, timeout, handle._popen, log_file)
    except BaseException:
        handle.stop()
        raise
    say(f"Kafka ready on {handle.bootstrap} (pid {handle.pid}, {time.monotonic() - started:.1f}s)")
    return handle
