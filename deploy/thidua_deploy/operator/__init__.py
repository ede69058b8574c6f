"""The operator CLI `thidua ...` (typer): status, rebuilds (blue/green too), dead letters, event logs.

It talks only to the services' HTTP operations routes (kernel/thidua_kernel/ops*.py), never to
PostgreSQL or Kafka directly, so it needs nothing but the services' URLs and a province board token.
"""
