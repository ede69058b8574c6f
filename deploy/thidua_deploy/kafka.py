"""Single-node Kafka 4.1.1 (KRaft, broker+controller in one JVM) as a detached local process.

Layout of data_dir: server.properties, logs/ (log.dirs), kafka.pid.
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

from ._util import (port_open, read_pid_file, run_sync, say, split_hostport, tail,
                    terminate_group, write_pid_file)
from .kafka_admin import create_topics, create_topics_async, probe_kafka
from .kafka_runtime import (KAFKA_VERSION, LOG4J_CONFIG, cds_flags, claim_cds_lock,
                            default_cache_dir, ensure_kafka_jars)

__all__ = ["KafkaProcess", "start_kafka", "find_kafka", "wait_kafka_ready", "ensure_kafka_jars",
           "create_topics", "create_topics_async", "KAFKA_VERSION", "default_cache_dir"]


@dataclass
class KafkaProcess:
    """Handle of a broker. pid is None for an external cluster (stop() then does nothing)."""
    bootstrap: str
    pid: int | None = None
    data_dir: Path | None = None
    log_file: Path | None = None
    _popen: subprocess.Popen | None = field(default=None, repr=False, compare=False)

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


def _is_our_broker(pid: int) -> bool:
    try:
        cmd = psutil.Process(pid).cmdline()
    except psutil.Error:
        return False
    return "kafka.Kafka" in cmd


def _properties(data_dir: Path, port: int, controller_port: int) -> str:
    props = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@127.0.0.1:{controller_port}",
        "listeners": f"PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{port}",
        "controller.listener.names": "CONTROLLER",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(data_dir / "logs"),
        "num.partitions": "3",
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        "log.retention.ms": "-1",
        "auto.create.topics.enable": "false",
    }
    return "# written by thidua_deploy.kafka\n" + "".join(f"{k}={v}\n" for k, v in props.items())


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
            port = split_hostport(line.split("=", 1)[1], 9092)[1]
    return KafkaProcess(f"127.0.0.1:{port}", pid, data_dir) if port else None


def wait_kafka_ready(bootstrap: str, timeout: float = 60.0, proc: subprocess.Popen | None = None,
                     log_file: Path | None = None) -> None:
    """Poll until the cluster answers a metadata request with a broker, or raise."""
    deadline = time.monotonic() + timeout
    while not run_sync(lambda: probe_kafka(bootstrap)):
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"Kafka exited with code {proc.returncode}; log {log_file}:\n"
                               + (tail(log_file) if log_file else ""))
        if time.monotonic() >= deadline:
            raise TimeoutError(f"Kafka at {bootstrap} not ready after {timeout:.0f}s; log {log_file}:\n"
                               + (tail(log_file) if log_file else ""))
        time.sleep(0.1)


def start_kafka(data_dir: Path, port: int, controller_port: int, log_file: Path, *,
                jars_dir: Path | None = None, heap: str = "512m", fast_jvm: bool = False,
                timeout: float = 60.0) -> KafkaProcess:
    """Start (or reuse, if already running from data_dir) a KRaft single-node broker.

    Formats the storage on first use, launches a detached JVM (own session: it outlives the caller)
    and returns once the broker answers metadata requests. fast_jvm trades peak speed for a
    faster start (C1 only, serial GC): meant for test clusters.
    """
    data_dir, log_file = Path(data_dir).resolve(), Path(log_file).resolve()
    bootstrap = f"127.0.0.1:{port}"
    running = find_kafka(data_dir)
    if running is not None:
        say(f"Kafka already running on {running.bootstrap} (pid {running.pid}): reusing it")
        wait_kafka_ready(running.bootstrap, timeout, log_file=log_file)
        running.log_file = log_file
        return running
    for p in (port, controller_port):
        if port_open("127.0.0.1", p):
            raise RuntimeError(f"port {p} is already used by another process; cannot start Kafka")
    jars = Path(jars_dir) if jars_dir else ensure_kafka_jars()
    java = shutil.which("java") or "java"
    data_dir.mkdir(parents=True, exist_ok=True)
    log_file.parent.mkdir(parents=True, exist_ok=True)
    props = data_dir / "server.properties"
    props.write_text(_properties(data_dir, port, controller_port))
    base = [java, f"-Dlog4j2.configurationFile={LOG4J_CONFIG}", f"-Dthidua.kafka.log={log_file}",
            "-Djava.awt.headless=true"]
    cds = cds_flags(jars)
    if not (data_dir / "logs" / "meta.properties").is_file():
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        fmt_jvm = [*(cds if _uses_archive(cds) else []), "-XX:TieredStopAtLevel=1"]
        fmt = subprocess.run(
            [*base, *fmt_jvm, "-cp", f"{jars}/*", "kafka.tools.StorageTool", "format",
             "-t", cluster_id, "-c", str(props)],
            capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if fmt.returncode != 0:
            raise RuntimeError(f"Kafka storage format failed:\n{fmt.stdout}\n{fmt.stderr}")
    jvm = [f"-Xmx{heap}", *cds]
    if fast_jvm:
        jvm += ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
    say(f"starting Kafka {KAFKA_VERSION} on {bootstrap} (log {log_file})")
    started = time.monotonic()
    with open(log_file, "ab") as out:
        proc = subprocess.Popen([*base, *jvm, "-cp", f"{jars}/*", "kafka.Kafka", str(props)],
                                cwd=data_dir, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    if any(f.startswith("-XX:ArchiveClassesAtExit") for f in jvm):
        claim_cds_lock(jars, proc.pid)
    write_pid_file(data_dir / "kafka.pid", proc.pid)
    handle = KafkaProcess(bootstrap, proc.pid, data_dir, log_file, proc)
    try:
        wait_kafka_ready(bootstrap, timeout, proc, log_file)
    except BaseException:
        handle.stop()
        raise
    say(f"Kafka ready on {bootstrap} (pid {proc.pid}, {time.monotonic() - started:.1f}s)")
    return handle
