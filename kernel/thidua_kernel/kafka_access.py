"""How every Kafka client of thidua connects: the one place for bootstrap servers and credentials.

Every client is built from a `KafkaAccess`: aiokafka producers, consumers and admin clients take
`**access.aiokafka()`, FastStream's `KafkaBroker` takes `security=access.faststream_security()`,
confluent-kafka takes `access.confluent({...})`. A service gets its access from its settings
(`ServiceSettings.kafka_access()`: env `KAFKA_BOOTSTRAP_SERVERS`, `THIDUA_KAFKA_USERNAME`,
`THIDUA_KAFKA_PASSWORD`, `THIDUA_KAFKA_SECURITY_PROTOCOL`, `THIDUA_KAFKA_SASL_MECHANISM`,
`THIDUA_KAFKA_SSL_CAFILE`); nothing here holds a credential of its own.
"""
import ssl
from dataclasses import dataclass, field
from typing import Any

SASL_PROTOCOLS = ("SASL_PLAINTEXT", "SASL_SSL")
TLS_PROTOCOLS = ("SSL", "SASL_SSL")
MECHANISMS = ("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN")


@dataclass(frozen=True)
class KafkaAccess:
    """Where the cluster is and who we are on it. With a username and no explicit protocol the
    protocol is SASL_PLAINTEXT (the local stack); a managed cluster usually wants SASL_SSL."""

    bootstrap: str
    username: str = ""
    password: str = field(default="", repr=False)
    security_protocol: str = ""
    sasl_mechanism: str = "SCRAM-SHA-512"
    ssl_cafile: str = ""

    def __post_init__(self) -> None:
        if not self.security_protocol:
            object.__setattr__(self, "security_protocol", "SASL_PLAINTEXT" if self.username else "PLAINTEXT")
        if self.security_protocol in SASL_PROTOCOLS and not (self.username and self.password):
            raise ValueError(f"Kafka security protocol {self.security_protocol} needs a username and a password")
        if self.sasl_mechanism not in MECHANISMS:
            raise ValueError(f"unsupported SASL mechanism {self.sasl_mechanism!r}; one of {MECHANISMS}")

    @property
    def servers(self) -> list[str]:
        """The bootstrap servers one by one (FastStream takes a string as one server)."""
        return [server.strip() for server in self.bootstrap.split(",") if server.strip()]

    @property
    def sasl(self) -> bool:
        return self.security_protocol in SASL_PROTOCOLS

    def as_user(self, username: str, password: str) -> "KafkaAccess":
        """The same cluster, as another principal."""
        return KafkaAccess(self.bootstrap, username, password, "", self.sasl_mechanism, self.ssl_cafile)

    def env(self) -> dict[str, str]:
        """The environment a service process reads this access from (see ServiceSettings)."""
        return {"KAFKA_BOOTSTRAP_SERVERS": self.bootstrap, "THIDUA_KAFKA_USERNAME": self.username,
                "THIDUA_KAFKA_PASSWORD": self.password, "THIDUA_KAFKA_SECURITY_PROTOCOL": self.security_protocol,
                "THIDUA_KAFKA_SASL_MECHANISM": self.sasl_mechanism, "THIDUA_KAFKA_SSL_CAFILE": self.ssl_cafile}

    def _ssl_context(self) -> ssl.SSLContext | None:
        if self.security_protocol not in TLS_PROTOCOLS:
            return None
        return ssl.create_default_context(cafile=self.ssl_cafile or None)

    def aiokafka(self) -> dict[str, Any]:
        """Keyword arguments of AIOKafkaProducer / AIOKafkaConsumer / AIOKafkaAdminClient."""
        options: dict[str, Any] = {"bootstrap_servers": self.servers, "security_protocol": self.security_protocol}
        if self.sasl:
            options |= {"sasl_mechanism": self.sasl_mechanism, "sasl_plain_username": self.username,
                        "sasl_plain_password": self.password}
        if (context := self._ssl_context()) is not None:
            options["ssl_context"] = context
        return options

    def faststream_security(self) -> Any:
        """The `security=` object of FastStream's KafkaBroker (None: plaintext, no credentials)."""
        from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

        context, tls = self._ssl_context(), self.security_protocol in TLS_PROTOCOLS
        if not self.sasl:
            return BaseSecurity(context, use_ssl=True) if tls else None
        kind = {"SCRAM-SHA-512": SASLScram512, "SCRAM-SHA-256": SASLScram256, "PLAIN": SASLPlaintext}
        return kind[self.sasl_mechanism](self.username, self.password, ssl_context=context, use_ssl=tls)

    def confluent(self, config: dict[str, Any] | None = None) -> dict[str, Any]:
        """A confluent-kafka (librdkafka) configuration: `config` plus servers and credentials."""
        options = {**(config or {}), "bootstrap.servers": self.bootstrap,
                   "security.protocol": self.security_protocol}
        if self.sasl:
            options |= {"sasl.mechanisms": self.sasl_mechanism, "sasl.username": self.username,
                        "sasl.password": self.password}
        if self.ssl_cafile and self.security_protocol in TLS_PROTOCOLS:
            options["ssl.ca.location"] = self.ssl_cafile
        return options
