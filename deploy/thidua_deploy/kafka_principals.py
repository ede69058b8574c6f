"""One Kafka principal per service, with only the ACLs its work needs (created as the admin).

Each service's outbox relay is the only producer on its own topic (it also reads its topic's tail,
to skip what a crash left published); its projections read the topics they consume, nothing more.
Topics are created here, by the admin, so no service needs the right to create any.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from confluent_kafka import KafkaException
from confluent_kafka.admin import (AclBinding, AclOperation, AclPermissionType, AdminClient,
                                   ResourcePatternType, ResourceType, ScramCredentialInfo,
                                   ScramMechanism, UserScramCredentialUpsertion)

from contracts.topics import (AWARDS_EVENTS, PARTITIONS, PROGRESS_EVENTS, REGISTRY_EVENTS, REPORTING_EVENTS,
                             dead_letter_topic, seals_topic)
from thidua_kernel.kafka_access import KafkaAccess

from .kafka_admin import create_topics
from .secret_files import new_password

SCRAM_ITERATIONS = 8192
# The projections' librdkafka consumers name a group (required) that they never join or commit.
PROJECTION_GROUPS = "thidua-projection-"


@dataclass(frozen=True)
class ServiceTopics:
    owns: str
    reads: tuple[str, ...]
    dead_letters: str  # its projections' unreadable records: its own alone, like its events topic
    seals: str  # its sealer's signed stream heads (README "Tamper evidence"): its own alone too


# README's diagram. Every test stack runs each service as its own principal with these ACLs, so a
# projection reading a topic missing here fails the tests (TopicAuthorizationFailed).
SERVICE_TOPICS: dict[str, ServiceTopics] = {
    "registry": ServiceTopics(REGISTRY_EVENTS, (REGISTRY_EVENTS,), dead_letter_topic("registry"),
                              seals_topic("registry")),
    "progress": ServiceTopics(PROGRESS_EVENTS, (REGISTRY_EVENTS, PROGRESS_EVENTS), dead_letter_topic("progress"),
                              seals_topic("progress")),
    "awards": ServiceTopics(AWARDS_EVENTS, (REGISTRY_EVENTS, PROGRESS_EVENTS), dead_letter_topic("awards"),
                            seals_topic("awards")),
    "reporting": ServiceTopics(REPORTING_EVENTS, (REGISTRY_EVENTS, PROGRESS_EVENTS, AWARDS_EVENTS, REPORTING_EVENTS),
                               dead_letter_topic("reporting"), seals_topic("reporting")),
}


def service_acls(user: str, topics: ServiceTopics, prefix: str) -> list[AclBinding]:
    principal = f"User:{user}"

    def allow(kind: ResourceType, name: str, operation: AclOperation,
              pattern: ResourcePatternType = ResourcePatternType.LITERAL) -> AclBinding:
        return AclBinding(kind, name, pattern, principal, "*", operation, AclPermissionType.ALLOW)

    owned = (topics.owns, topics.dead_letters, topics.seals)
    acls = [allow(ResourceType.TOPIC, prefix + own, operation)
            for own in owned for operation in (AclOperation.WRITE, AclOperation.READ)]
    acls += [allow(ResourceType.TOPIC, prefix + t, AclOperation.READ) for t in topics.reads if t != topics.owns]
    acls.append(allow(ResourceType.GROUP, PROJECTION_GROUPS, AclOperation.READ, ResourcePatternType.PREFIXED))
    return acls


def provision_services(admin: KafkaAccess, passwords: dict[str, str], *, topic_prefix: str = "",
                       user_prefix: str = "thidua-", timeout: float = 30.0) -> dict[str, KafkaAccess]:
    """Create the services' topics, SCRAM users (`user_prefix` + service, with `passwords`) and
    ACLs; return each service's access once the broker accepts it. Idempotent."""
    names = {topic_prefix + t for s in SERVICE_TOPICS.values() for t in (s.owns, s.dead_letters, s.seals, *s.reads)}
    create_topics(admin, sorted(names), PARTITIONS)
    client = AdminClient(admin.confluent())
    users = {service: user_prefix + service for service in SERVICE_TOPICS}
    upserts = [UserScramCredentialUpsertion(users[s], ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512,
                                                                          SCRAM_ITERATIONS),
                                            passwords[s].encode()) for s in SERVICE_TOPICS]
    for future in client.alter_user_scram_credentials(upserts).values():
        future.result(timeout)
    acls = [acl for s, topics in SERVICE_TOPICS.items() for acl in service_acls(users[s], topics, topic_prefix)]
    for future in client.create_acls(acls, request_timeout=timeout).values():
        future.result(timeout)
    accesses = {s: admin.as_user(users[s], passwords[s]) for s in SERVICE_TOPICS}
    for service, access in accesses.items():
        _wait_accepted(access, topic_prefix + SERVICE_TOPICS[service].owns, timeout)
    return accesses


def isolated_principals(admin: KafkaAccess, stack_id: str) -> dict[str, KafkaAccess]:
    """Each service of an isolated stack (topics prefixed `t<id>.`, as tests and the benchmark run
    them) as its own principal `t<id>-<service>`; on a cluster without SASL, the admin's access."""
    if not admin.sasl:
        return {service: admin for service in SERVICE_TOPICS}
    passwords = {service: new_password() for service in SERVICE_TOPICS}
    return provision_services(admin, passwords, topic_prefix=f"t{stack_id}.", user_prefix=f"t{stack_id}-")


def _wait_accepted(access: KafkaAccess, own_topic: str, timeout: float) -> None:
    """Until the principal signs in and sees its own topic: credentials and ACLs reach the
    brokers through the metadata log, a moment after the controller accepted them."""
    # Sign-in failures are expected here until the credential arrives: librdkafka would print each
    # one to stderr (a make demo showed "SASL authentication error"); the last is in the TimeoutError.
    client = AdminClient({**access.confluent(), "log_level": 2})
    deadline = time.monotonic() + timeout
    last: object = None
    while True:
        try:
            last = client.list_topics(own_topic, timeout=5).topics.get(own_topic)
            if last is not None and last.error is None:
                return
        except KafkaException as exc:  # not signed in yet: the credential has not reached that broker
            last = exc
        if time.monotonic() > deadline:
            raise TimeoutError(f"Kafka did not accept {access.username} within {timeout:.0f}s: {last}")
        time.sleep(0.1)
