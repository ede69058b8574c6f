"""Small shared helpers: progress output, paths, ports, processes, deadlines."""
from __future__ import annotations

import asyncio
import concurrent.futures
import os
import random
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, TypeVar

import psutil

T = TypeVar("T")

PACKAGE_DIR = Path(__file__).resolve().parent
DEPLOY_DIR = PACKAGE_DIR.parent          # <repo>/deploy (editable install)
REPO_ROOT = DEPLOY_DIR.parent            # <repo>


def say(msg: str) -> None:
    """Progress line on stderr."""
    print(f"[thidua-deploy] {msg}", file=sys.stderr, flush=True)


def run_dir() -> Path:
    """The run directory: env THIDUA_RUN_DIR, else <repo>/.run."""
    env = os.environ.get("THIDUA_RUN_DIR")
    return Path(env).expanduser().resolve() if env else REPO_ROOT / ".run"


def cache_root() -> Path:
    """Download cache: env THIDUA_CACHE, else ~/.cache/thidua."""
    env = os.environ.get("THIDUA_CACHE")
    return Path(env).expanduser().resolve() if env else Path.home() / ".cache" / "thidua"


def free_port(host: str = "127.0.0.1") -> int:
    """A currently free TCP port for a server, chosen BELOW the kernel's ephemeral range.

    Port 0 would hand out an ephemeral port, the range every outgoing connection (Kafka clients,
    database pools) takes its source port from: between choosing the port and the server binding
    it (or binding it again after a restart), a client socket can take it ("address already in
    use", seen once in the fault suite). Below the range no client socket ever lands; the port is
    checked free by binding it, and picked at random so concurrent choosers rarely meet.
    """
    low = _ephemeral_low()
    for _ in range(200):
        port = random.randint(max(1024, low - 12_000), low - 1)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free TCP port below {low} on {host}")


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default start of the range


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def split_hostport(value: str, default_port: int) -> tuple[str, int]:
    """'host:port' (first entry of a comma list) -> (host, port)."""
    first = value.split(",")[0].strip()
    if "://" in first:
        first = first.split("://", 1)[1]
    host, _, port = first.rpartition(":")
    return (host or first, int(port)) if port.isdigit() else (first, default_port)


def pid_alive(pid: int | None) -> bool:
    """True when pid runs and is not a zombie."""
    if not pid:
        return False
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def group_alive(pgid: int) -> bool:
    """True while any non-zombie process of process group pgid remains."""
    for proc in psutil.process_iter(["status"]):
        try:
            if os.getpgid(proc.pid) == pgid and proc.info["status"] != psutil.STATUS_ZOMBIE:
                return True
        except (OSError, psutil.Error):
            continue
    return False


def signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def terminate_group(pid: int, timeout: float, name: str, reap: Callable[[], Any] | None = None) -> None:
    """SIGTERM the process group led by pid, wait up to timeout seconds, then SIGKILL it.

    Processes started by this package lead their own group (start_new_session=True); should pid
    not be a group leader, only pid itself is signalled.
    """
    try:
        leader = os.getpgid(pid) == pid
    except ProcessLookupError:
        leader = False
    send: Callable[[int], None] = (lambda sig: signal_group(pid, sig)) if leader else (
        lambda sig: _signal_pid(pid, sig))
    gone = (lambda: _gone(pid, reap)) if leader else (lambda: _reaped(reap) or not pid_alive(pid))
    send(signal.SIGTERM)
    if not wait_for(gone, timeout):
        say(f"{name} (pid {pid}) did not stop within {timeout:.0f}s: SIGKILL")
        send(signal.SIGKILL)
        wait_for(gone, 10)


def _signal_pid(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _reaped(reap: Callable[[], Any] | None) -> bool:
    if reap is not None:
        reap()
    return False


def _gone(pgid: int, reap: Callable[[], Any] | None) -> bool:
    _reaped(reap)
    return not group_alive(pgid)


def wait_for(predicate: Callable[[], bool], timeout: float, interval: float = 0.1) -> bool:
    """Poll predicate until true or timeout seconds elapsed; returns the last result."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def run_sync(coro_factory: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine from sync code, also when an event loop already runs in this thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro_factory())  # type: ignore[arg-type]
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coro_factory())).result()  # type: ignore[arg-type]


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {path})"


def write_pid_file(path: Path, pid: int) -> None:
    """pid on line 1, process create time on line 2 (guards against pid reuse)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        created = psutil.Process(pid).create_time()
    except psutil.Error:
        created = 0.0
    tmp = path.with_suffix(".tmp")
    tmp.write_text(f"{pid}\n{created}\n")
    tmp.replace(path)


def read_pid_file(path: Path) -> int | None:
    """The pid from a pid file if that very process still runs, else None."""
    try:
        lines = path.read_text().split()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    if not pid_alive(pid):
        return None
    if len(lines) > 1:
        try:
            if abs(psutil.Process(pid).create_time() - float(lines[1])) > 1.0:
                return None  # pid was reused by another process
        except (psutil.Error, ValueError):
            return None
    return pid
