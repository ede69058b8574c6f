"""Bulk entry: district matrices through POST /commands/assess-district-matrix, as assessments/s.

`python -m bench.matrix [--years 8]`: starts its own Kafka and PostgreSQL (or uses
KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL through the test infrastructure), the registry and
progress; imports Lạng Sơn (its xã in 11 districts), then for each year posts every district's
matrix (its xã × 19 criteria, one effective date), from `--clients` clients at once (a district's
matrices always from the same client, one after another). Reports the
assessments accepted per second (HTTP answer: committed with their outbox rows) and per second
until the last of them is on Kafka (the outbox emptied by the relay).
"""
import argparse
import json
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import orjson
from vietnamadminunits.database import query

from thidua_deploy.isolated import BOARD, Stack, wait_until
from thidua_kernel.logs import configure_logging

from .infra import local_stack


def prepare(stack: Stack) -> list[tuple[str, str]]:
    """Lạng Sơn imported, the 2009 set published; every xã with its district, as progress knows them."""
    with stack.client("registry") as registry, stack.client("progress") as progress:
        registry.post("/commands/import-province-units",
                      json={"province_code": "20", "effective_from": "2011-01-01"}).raise_for_status()
        progress.post("/commands/publish-builtin-criteria-set", json={"set_id": "2009"}).raise_for_status()

        expected = len(query("SELECT wardCode FROM admin_units_legacy WHERE provinceCode = '20' AND wardType = 'Xã'"))

        def all_xa() -> list[dict]:
            answer = progress.get("/communes/lacking", params={"criterion": 1, "as_of": "2012-01-01"})
            communes = answer.json().get("communes", []) if answer.status_code == 200 else []
            return communes if len(communes) == expected else []

        return [(c["code"], c["district_code"]) for c in wait_until(all_xa, 60)]


def one_large_district(stack: Stack, size: int) -> list[tuple[str, str]]:
    """A district of `size` xã registered for the run (Lạng Sơn's 194 communes in one matrix)."""
    with stack.client("registry") as registry, stack.client("progress") as progress:
        def register(code: str, unit_type: str, parent: str) -> None:
            registry.post("/commands/register-unit", json={
                "code": code, "unit_type": unit_type, "name": f"Đơn vị {code}", "parent_code": parent,
                "effective_from": "2011-01-01"}).raise_for_status()

        register("B999", "rural_district", "20")
        codes = [f"B{i:04d}" for i in range(size)]
        for code in codes:
            register(code, "rural_commune", "B999")
        wait_until(lambda: len(progress.get("/communes/lacking", params={
            "criterion": 1, "as_of": "2012-01-01", "district_code": "B999"}).json().get("communes", [])) == size, 60)
    return [(code, "B999") for code in codes]


def matrices(communes: list[tuple[str, str]], year: int) -> list[dict]:
    by_district: dict[str, list[str]] = {}
    for code, district in communes:
        by_district.setdefault(district, []).append(code)
    return [{"district_code": district, "effective_date": f"{year}-06-30", "cells": [
        {"commune_code": c, "criterion": n, "met": (n + i + year) % 3 != 0, "evidence": f"BB-{c}-{n}-{year}"}
        for i, c in enumerate(codes) for n in range(1, 20)]} for district, codes in sorted(by_district.items())]


def outbox_rows(stack: Stack) -> int:
    import asyncio

    import asyncpg

    async def count() -> int:
        conn = await asyncpg.connect(stack.database_url, server_settings={"search_path": f"progress_{stack.id}"})
        try:
            return await conn.fetchval("SELECT count(*) FROM outbox")
        finally:
            await conn.close()

    return asyncio.run(count())


def post_all(stack: Stack, bodies: list[dict]) -> list[float]:
    """One client posting its matrices one after another; returns each answer's time (s).

    TCP_NODELAY on the client: a body sent in two writes otherwise waits for the server's delayed
    ACK (~40 ms per request on Linux), which is the client's latency, not the service's."""
    latencies = []
    transport = httpx.HTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
    with httpx.Client(base_url=stack.url("progress"), headers={"Authorization": f"Bearer {BOARD}"},
                      timeout=120, trust_env=False, transport=transport) as progress:
        for body in bodies:
            payload = orjson.dumps(body)
            t0 = time.perf_counter()
            answer = progress.post("/commands/assess-district-matrix", content=payload,
                                   headers={"Content-Type": "application/json"})
            latencies.append(time.perf_counter() - t0)
            if answer.status_code != 201:
                raise RuntimeError(f"matrix refused: {answer.status_code} {answer.text[:500]}")
    return latencies


def measure(stack: Stack, communes: list[tuple[str, str]], years: int, clients: int) -> dict:
    """`clients` districts enter their matrices at the same time (each district one client, so no
    two matrices touch one commune at once)."""
    bodies = [m for year in range(2012, 2012 + years) for m in matrices(communes, year)]
    cells = sum(len(b["cells"]) for b in bodies)
    districts = sorted({b["district_code"] for b in bodies})
    shares = [[b for b in bodies if districts.index(b["district_code"]) % clients == i] for i in range(clients)]
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = sorted(t for ts in pool.map(lambda share: post_all(stack, share), shares) for t in ts)
    accepted = time.perf_counter() - started
    wait_until(lambda: outbox_rows(stack) == 0, 300, interval=0.05)
    on_kafka = time.perf_counter() - started
    return {"bulk_clients": clients, "bulk_matrices": len(bodies), "bulk_assessments": cells,
            "bulk_assessments_per_s": round(cells / accepted, 1),
            "bulk_assessments_on_kafka_per_s": round(cells / on_kafka, 1),
            "bulk_matrix_p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
            "bulk_matrix_p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 1),
            "bulk_cells_per_matrix": round(cells / len(bodies), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=8)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--one-district", type=int, default=0, metavar="N",
                        help="instead: one district of N xã registered for the run, one matrix of N × 19 a year")
    args = parser.parse_args()
    configure_logging("console", "WARNING")
    with local_stack("thidua-bench-matrix-", ("registry", "progress")) as (_, stack):
        communes = prepare(stack)
        if args.one_district:
            communes = one_large_district(stack, args.one_district)
        figures = measure(stack, communes, args.years, args.clients)
    figures["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
