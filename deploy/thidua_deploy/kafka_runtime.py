"""Kafka 4.1.1 broker runtime: Maven-fetched jars in a cache folder, plus a JVM class-data-sharing
(CDS) archive that halves broker start time after the first broker has stopped once."""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

from ._util import DEPLOY_DIR, cache_root, pid_alive, say

KAFKA_VERSION = "4.1.1"
POM = DEPLOY_DIR / "kafka" / "pom.xml"
LOG4J_CONFIG = DEPLOY_DIR / "kafka" / "log4j2.properties"
MARKER = ".complete"


def default_cache_dir() -> Path:
    return cache_root() / f"kafka-{KAFKA_VERSION}"


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()


def ensure_kafka_jars(cache_dir: Path | None = None) -> Path:
    """Fetch the broker jars with Maven into cache_dir/jars once; return that folder.

    The marker file (holding the pom digest) is written last, so an interrupted fetch is redone.
    Concurrent callers are serialised with a file lock.
    """
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
    jars = cache_dir / "jars"
    marker = cache_dir / MARKER
    digest = _pom_digest()
    if marker.is_file() and marker.read_text().strip() == digest and jars.is_dir():
        return jars
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.is_file() and marker.read_text().strip() == digest and jars.is_dir():
            return jars
        mvn = shutil.which("mvn")
        if not mvn or not shutil.which("java"):
            raise RuntimeError("Java 17+ and Maven (mvn) are required to run Kafka locally")
        say(f"fetching Kafka {KAFKA_VERSION} jars from Maven Central (first run only)...")
        started = time.monotonic()
        marker.unlink(missing_ok=True)
        tmp = cache_dir / f"jars.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        cmd = [mvn, "-B", "-q", "-f", str(POM), "dependency:copy-dependencies",
               f"-DoutputDirectory={tmp}"]
        result = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if result.returncode != 0 or not any(tmp.glob("kafka_2.13-*.jar")):
            shutil.rmtree(tmp, ignore_errors=True)
            raise RuntimeError(f"mvn failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        shutil.rmtree(jars, ignore_errors=True)
        for stale in cache_dir.glob("kafka-cds.*"):  # archive is tied to the exact jar set
            stale.unlink(missing_ok=True)
        tmp.rename(jars)
        marker.write_text(digest + "\n")
        say(f"Kafka jars ready in {jars} ({time.monotonic() - started:.1f}s)")
    return jars


def cds_flags(jars: Path) -> list[str]:
    """JVM flags to use (or, for the first broker, to create) the CDS archive next to the jars.

    Exactly one broker at a time dumps to kafka-cds.partial (guarded by kafka-cds.lock holding its
    pid); once that JVM has exited the partial file is promoted to kafka-cds.jsa.
    """
    base = jars.parent
    final, partial, lock = base / "kafka-cds.jsa", base / "kafka-cds.partial", base / "kafka-cds.lock"
    quiet = ["-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"]
    owner = _lock_owner(lock)
    if owner is None and partial.is_file() and partial.stat().st_size > 1_000_000:
        with contextlib.suppress(OSError):
            partial.replace(final)
    if final.is_file():
        if owner is None:
            lock.unlink(missing_ok=True)
        return [f"-XX:SharedArchiveFile={final}", *quiet]
    if owner is not None:
        return []  # another broker is producing the archive right now
    lock.unlink(missing_ok=True)
    partial.unlink(missing_ok=True)
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return []
    os.close(fd)  # the broker pid is written by claim_cds_lock once known
    return [f"-XX:ArchiveClassesAtExit={partial}", *quiet]


def claim_cds_lock(jars: Path, pid: int) -> None:
    (jars.parent / "kafka-cds.lock").write_text(f"{pid}\n")


def _lock_owner(lock: Path) -> int | None:
    """Pid of the live broker holding the CDS lock, else None (a fresh empty lock counts as held)."""
    try:
        text = lock.read_text().strip()
        age = time.time() - lock.stat().st_mtime
    except OSError:
        return None
    if not text:
        return -1 if age < 30 else None
    pid = int(text) if text.isdigit() else 0
    return pid if pid_alive(pid) else None
