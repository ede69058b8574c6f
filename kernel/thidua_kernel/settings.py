"""Settings every service shares; each service adds its port and schema."""
import os
from collections.abc import Callable
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .kafka_access import KafkaAccess


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    kafka_bootstrap_servers: str = "127.0.0.1:19092"
    # Who the service is on Kafka (its own principal: only it may write its topic). No default:
    # without a username the client connects with no credentials (PLAINTEXT).
    kafka_username: str = Field(default="", validation_alias="THIDUA_KAFKA_USERNAME")
    kafka_password: str = Field(default="", validation_alias="THIDUA_KAFKA_PASSWORD", repr=False)
    kafka_security_protocol: str = Field(default="", validation_alias="THIDUA_KAFKA_SECURITY_PROTOCOL")
    kafka_sasl_mechanism: str = Field(default="SCRAM-SHA-512", validation_alias="THIDUA_KAFKA_SASL_MECHANISM")
    kafka_ssl_cafile: str = Field(default="", validation_alias="THIDUA_KAFKA_SSL_CAFILE")
    database_url: str = "postgresql://postgres@127.0.0.1:15432/thidua"
    service_host: str = "127.0.0.1"
    service_port: int = 8100
    # Sign-in (README "Sign-in and tokens"). No default verifier: a service with none refuses to start.
    tokens_file: Path | None = Field(default=None, validation_alias="THIDUA_TOKENS_FILE")  # development/tests only
    jwt_issuer: str | None = Field(default=None, validation_alias="THIDUA_JWT_ISSUER")
    jwt_audience: str = Field(default="thidua", validation_alias="THIDUA_JWT_AUDIENCE")
    jwks_url: str | None = Field(default=None, validation_alias="THIDUA_JWKS_URL")
    jwks_max_age_seconds: float = Field(default=300.0, gt=0, validation_alias="THIDUA_JWKS_MAX_AGE_SECONDS")
    jwks_min_refresh_seconds: float = Field(default=10.0, ge=0, validation_alias="THIDUA_JWKS_MIN_REFRESH_SECONDS")
    signing_keys_dir: Path | None = Field(default=None, validation_alias="THIDUA_SIGNING_KEYS_DIR")
    access_token_seconds: int = Field(default=1800, gt=0, le=86_400, validation_alias="THIDUA_ACCESS_TOKEN_SECONDS")
    public_read: bool = Field(default=False, validation_alias="THIDUA_PUBLIC_READ")
    log_format: str = Field(default="console", validation_alias="THIDUA_LOG_FORMAT")
    log_level: str = Field(default="INFO", validation_alias="THIDUA_LOG_LEVEL")
    relay_enabled: bool = Field(default=True, validation_alias="THIDUA_RELAY_ENABLED")
    # Back-pressure (backpressure.py): commands get 503 + Retry-After while the outbox holds more
    # events than this (0: no limit).
    outbox_limit: int = Field(default=50_000, validation_alias="THIDUA_OUTBOX_LIMIT")
    outbox_retry_after_s: int = Field(default=2, validation_alias="THIDUA_OUTBOX_RETRY_AFTER_S")
    # Supervised background tasks (supervision.py): restart delays double from the first to the
    # longest, jittered.
    backoff_initial_s: float = Field(default=0.2, validation_alias="THIDUA_BACKOFF_INITIAL_S")
    backoff_max_s: float = Field(default=10.0, validation_alias="THIDUA_BACKOFF_MAX_S")
    # How long the relay waits for Kafka to acknowledge a batch before its run fails (restarted).
    relay_ack_timeout_s: float = Field(default=15.0, validation_alias="THIDUA_RELAY_ACK_TIMEOUT_S")
    # Seals (sealer.py, README "Tamper evidence"): the Ed25519 key signing them (a PEM file, 0600);
    # without it no seal is written. A seal every interval, or sooner once max_events wait.
    seal_key_file: Path | None = Field(default=None, validation_alias="THIDUA_SEAL_KEY_FILE")
    seal_interval_s: float = Field(default=5.0, gt=0, validation_alias="THIDUA_SEAL_INTERVAL_S")
    seal_max_events: int = Field(default=10_000, gt=0, validation_alias="THIDUA_SEAL_MAX_EVENTS")
    # Fault injection for the crash-safety tests: the process dies at this named point.
    crash_at: str = Field(default="", validation_alias="THIDUA_CRASH_AT")
    # A schema suffix lets the benchmark and tests run several stacks on one server.
    schema_suffix: str = Field(default="", validation_alias="THIDUA_SCHEMA_SUFFIX")
    # A topic prefix lets several isolated stacks share one Kafka cluster (tests, benchmark).
    topic_prefix: str = Field(default="", validation_alias="THIDUA_TOPIC_PREFIX")

    def kafka_access(self) -> KafkaAccess:
        return KafkaAccess(self.kafka_bootstrap_servers, self.kafka_username, self.kafka_password,
                           self.kafka_security_protocol, self.kafka_sasl_mechanism, self.kafka_ssl_cafile)


def crash_hook(point_setting: str) -> Callable[[str], None]:
    """A fault hook that kills the process, as a power cut would, at the configured point."""

    def crash_at(point: str) -> None:
        if point_setting and point == point_setting:
            os._exit(86)

    return crash_at
