"""KafkaAccess: the one place every Kafka client's servers and credentials come from."""
import pytest
from faststream.security import SASLScram512

from thidua_kernel.kafka_access import KafkaAccess
from thidua_kernel.settings import ServiceSettings


def test_without_a_username_clients_connect_in_plaintext_with_no_credentials():
    access = KafkaAccess("k1:9092, k2:9092")
    assert access.servers == ["k1:9092", "k2:9092"] and not access.sasl
    assert access.aiokafka() == {"bootstrap_servers": ["k1:9092", "k2:9092"], "security_protocol": "PLAINTEXT"}
    assert access.confluent({"group.id": "g"}) == {"group.id": "g", "bootstrap.servers": "k1:9092, k2:9092",
                                                   "security.protocol": "PLAINTEXT"}
    assert access.faststream_security() is None


def test_a_username_means_sasl_scram_for_every_kind_of_client():
    access = KafkaAccess("k1:9092", "thidua-registry", "s3cret")
    assert access.security_protocol == "SASL_PLAINTEXT" and "s3cret" not in repr(access)
    assert access.aiokafka()["sasl_mechanism"] == "SCRAM-SHA-512"
    assert access.aiokafka()["sasl_plain_username"] == "thidua-registry"
    config = access.confluent()
    assert (config["sasl.mechanisms"], config["sasl.username"], config["sasl.password"]) == (
        "SCRAM-SHA-512", "thidua-registry", "s3cret")
    security = access.faststream_security()
    assert isinstance(security, SASLScram512) and not security.use_ssl


def test_sasl_ssl_for_a_managed_cluster_carries_a_tls_context():
    access = KafkaAccess("b1:9096", "u", "p", "SASL_SSL", "SCRAM-SHA-256")
    assert access.aiokafka()["ssl_context"] is not None and access.faststream_security().use_ssl
    assert access.confluent()["security.protocol"] == "SASL_SSL"


def test_sasl_without_a_password_or_with_an_unknown_mechanism_is_refused_at_start():
    with pytest.raises(ValueError, match="needs a username and a password"):
        KafkaAccess("k:9092", "u", "")
    with pytest.raises(ValueError, match="unsupported SASL mechanism"):
        KafkaAccess("k:9092", "u", "p", sasl_mechanism="GSSAPI")


def test_a_service_reads_its_access_from_the_environment(monkeypatch):
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "k9:9092")
    monkeypatch.setenv("THIDUA_KAFKA_USERNAME", "thidua-progress")
    monkeypatch.setenv("THIDUA_KAFKA_PASSWORD", "pw")
    access = ServiceSettings().kafka_access()
    assert (access.bootstrap, access.username, access.password, access.security_protocol) == (
        "k9:9092", "thidua-progress", "pw", "SASL_PLAINTEXT")
    assert access.as_user("thidua-awards", "pw2").env()["THIDUA_KAFKA_USERNAME"] == "thidua-awards"
