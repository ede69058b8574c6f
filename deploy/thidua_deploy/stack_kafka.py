"""The local stack's Kafka principals: one per service, passwords kept in the run dir (0600)."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from thidua_kernel.kafka_access import KafkaAccess
from thidua_kernel.settings import ServiceSettings

from ._util import say
from .kafka_principals import SERVICE_TOPICS, provision_services
from .secret_files import new_password, write_private


def users_file(run: Path) -> Path:
    return run / "secrets" / "kafka-users.json"


def provision_kafka(run: Path, admin: KafkaAccess, local: bool) -> None:
    """Each service's own principal and ACLs: always on the local Kafka; on an external cluster
    only when THIDUA_KAFKA_PROVISION=1 (its THIDUA_KAFKA_USERNAME may then manage users and ACLs),
    else the services connect with the THIDUA_KAFKA_* credentials of the environment."""
    if not (local or os.environ.get("THIDUA_KAFKA_PROVISION") == "1") or not admin.sasl:
        users_file(run).unlink(missing_ok=True)
        return
    try:
        passwords = json.loads(users_file(run).read_text())
    except (OSError, ValueError):
        passwords = {}
    passwords = {service: passwords.get(service) or new_password() for service in SERVICE_TOPICS}
    write_private(users_file(run), json.dumps(passwords, indent=2) + "\n")
    provision_services(admin, passwords)
    say(f"Kafka: one principal per service ({', '.join(SERVICE_TOPICS)}), passwords in {users_file(run)}")


def service_kafka(run: Path, stack: dict[str, Any], service: str) -> dict[str, str]:
    """The environment giving `service` its own Kafka principal (empty: the caller's own)."""
    try:
        passwords = json.loads(users_file(run).read_text())
    except (OSError, ValueError):  # no principals made here: the environment's credentials serve
        return {"KAFKA_BOOTSTRAP_SERVERS": stack["kafka_bootstrap"]}
    local = stack["started"]["kafka"] is not None
    cluster = KafkaAccess(stack["kafka_bootstrap"]) if local else ServiceSettings().kafka_access()
    return cluster.as_user(f"thidua-{service}", passwords[service]).env()
