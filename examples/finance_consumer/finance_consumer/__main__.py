"""`python -m finance_consumer`: print the prizes to pay as thidua's award decisions arrive.

Connection from the environment: KAFKA_BOOTSTRAP_SERVERS, KAFKA_USERNAME, KAFKA_PASSWORD
(SASL/SCRAM-SHA-512 when a username is given). Arguments: the directory of the published schemas
(thidua's contracts/schemas), the SQLite file of the ledger, and optionally the topic.
"""
import argparse
import asyncio
import os
import signal
import sys
from pathlib import Path

from .consumer import AWARDS_TOPIC, CSV_HEADER, follow


def kafka_options() -> dict:
    options = {"bootstrap_servers": os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092")}
    if os.environ.get("KAFKA_USERNAME"):
        options |= {"security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": "SCRAM-SHA-512",
                    "sasl_plain_username": os.environ["KAFKA_USERNAME"],
                    "sasl_plain_password": os.environ["KAFKA_PASSWORD"]}
    return options


async def main() -> None:
    parser = argparse.ArgumentParser(description="The prizes to pay, from thidua's award decisions.")
    parser.add_argument("schemas", type=Path, help="thidua's published schemas (contracts/schemas)")
    parser.add_argument("ledger", help="the SQLite file of the ledger (created if missing)")
    parser.add_argument("--topic", default=AWARDS_TOPIC)
    parser.add_argument("--group", default="department-of-finance")
    args = parser.parse_args()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    print(CSV_HEADER, flush=True)
    await follow(kafka_options(), args.topic, args.group, args.schemas, args.ledger, sys.stdout, stop)


if __name__ == "__main__":
    asyncio.run(main())
