"""Fault drills against a running stack: a command load that retries like a real client, and the
ledger that proves, after recovery, that every acknowledged command's events exist exactly once
in PostgreSQL, on Kafka and in every projection that consumes them."""
