"""`thidua seal-key rotate SERVICE`: a new seal signing key for a service (README "Tamper
evidence"), the old public keys kept so verify still checks the seals they signed."""
from pathlib import Path

import typer
from rich.console import Console

from thidua_kernel.seal_format import load_public_keys, rotate_key_file

from .client import Refused, fail

SERVICES = ("registry", "progress", "awards", "reporting")
app = typer.Typer(help="A service's seal key (tamper evidence).", no_args_is_help=True)


@app.command("rotate")
def rotate(service: str, key_file: Path = typer.Option(
        None, "--key-file", help="the service's THIDUA_SEAL_KEY_FILE (default .run/keys/seals/SERVICE.pem)")) -> None:
    """A new signing key in the service's key file; its public half added to `<name>.pub.pem`, which
    keeps the old ones (hand that file to auditors). The service signs with it from its next start."""
    console = Console(soft_wrap=True)
    path = key_file or Path(".run/keys/seals") / f"{service}.pem"
    if service not in SERVICES:
        raise fail(console, _refused(service, f"unknown service {service!r}: one of {', '.join(SERVICES)}",
                                     f"không có dịch vụ {service!r}"))
    if not path.is_file():
        raise fail(console, _refused(service, f"no seal key at {path}: give --key-file",
                                     f"không có khoá niêm phong tại {path}"))
    new = rotate_key_file(path)
    published = path.with_suffix(".pub.pem")
    console.print(f"{service}: new seal key {new} in {path}; {published} now holds"
                  f" {len(load_public_keys(published))} public keys (give it to verify's --public-key)."
                  f" Restart {service} to sign with it.")


def _refused(service: str, en: str, vi: str) -> Refused:
    return Refused(service, 0, {"rule": "OPS-SEAL-KEY", "message_en": en, "message_vi": vi})
