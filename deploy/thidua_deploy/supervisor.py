"""Detached background Python services: pid files, log files, process-group stop, HTTP health wait.

Layout under run_dir: pids/<name>.pid, logs/<name>.log.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Mapping

import httpx

from ._util import REPO_ROOT, pid_alive, read_pid_file, say, terminate_group, write_pid_file

__all__ = ["pid_file", "log_file", "start_service", "service_pid", "stop_pid_file",
           "http_ok", "wait_http_ok"]


def pid_file(run_dir: Path, name: str) -> Path:
    return Path(run_dir) / "pids" / f"{name}.pid"


def log_file(run_dir: Path, name: str) -> Path:
    return Path(run_dir) / "logs" / f"{name}.log"


def service_pid(run_dir: Path, name: str) -> int | None:
    """Pid of the running service name (per its pid file), else None."""
    return read_pid_file(pid_file(run_dir, name))


def start_service(name: str, module: str, env: Mapping[str, str], run_dir: Path, *,
                  python: str | None = None, cwd: Path | None = None) -> int:
    """Start `python -m module` detached (own session and process group), with os.environ plus
    env, stdout+stderr appended to run_dir/logs/<name>.log; writes run_dir/pids/<name>.pid.
    Returns the pid."""
    run_dir = Path(run_dir)
    log = log_file(run_dir, name)
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [python or sys.executable, "-m", module]
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **env}
    with open(log, "ab") as out:
        out.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} starting {' '.join(cmd)} ===\n".encode())
        out.flush()
        proc = subprocess.Popen(cmd, env=full_env, cwd=str(cwd or REPO_ROOT), stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    write_pid_file(pid_file(run_dir, name), proc.pid)
    say(f"started {name} (python -m {module}, pid {proc.pid}, log {log})")
    return proc.pid


def stop_pid_file(path: Path, timeout: float = 15.0, name: str | None = None) -> bool:
    """Stop the process group of the process in pid file path (SIGTERM, then SIGKILL after
    timeout seconds) and remove the file. Returns False when nothing was running."""
    path = Path(path)
    name = name or path.stem
    pid = read_pid_file(path)
    if pid is None:
        path.unlink(missing_ok=True)
        return False
    say(f"stopping {name} (pid {pid})")
    terminate_group(pid, timeout, name, _reaper(pid))
    path.unlink(missing_ok=True)
    return True


def _reaper(pid: int):
    """Reap pid if it is our own child (avoids waiting on a zombie)."""
    def reap() -> None:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
    return reap


def http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        return httpx.get(url, timeout=timeout, trust_env=False).status_code == 200
    except httpx.HTTPError:
        return False


def wait_http_ok(url: str, deadline: float = 60.0, *, pid: int | None = None,
                 interval: float = 0.2) -> None:
    """Poll url until it answers 200, for at most deadline seconds.

    Raises TimeoutError when time is up, RuntimeError as soon as pid (if given) has exited.
    """
    end = time.monotonic() + deadline
    while not http_ok(url):
        if pid is not None:
            if not pid_alive(pid):  # exited (a zombie counts as exited; its status is left to reap)
                raise RuntimeError(f"process {pid} exited before {url} answered 200")
        if time.monotonic() >= end:
            raise TimeoutError(f"{url} did not answer 200 within {deadline:.0f}s")
        time.sleep(interval)
