"""Generated secrets kept in files only their owner may read (mode 0600, folder 0700)."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_private(path: Path, text: str) -> None:
    """Write text to path, readable and writable by its owner alone (also while being written);
    a folder made for it is its owner's alone too."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)
    tmp.replace(path)


def new_password() -> str:
    """32 URL-safe characters (192 bits): usable in a connection URL as it is."""
    return secrets.token_urlsafe(24)


def read_or_create_password(path: Path) -> str:
    """The password kept in path, generated and kept there on first use."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        password = new_password()
        write_private(path, password + "\n")
        return password
