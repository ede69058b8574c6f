"""A running service seals its streams by itself, and an auditor's verify passes on its
PostgreSQL store and on its topic with the public key alone (README "Tamper evidence")."""
from thidua_deploy.isolated import wait_until

IMPORT = {"province_code": "20", "effective_from": "2011-01-01"}


def test_a_running_service_seals_its_streams_and_verify_passes_on_postgresql_and_kafka(stack):
    stack.start("registry", THIDUA_SEAL_INTERVAL_S="0.5")
    with stack.client("registry") as c:
        assert c.post("/commands/import-province-units", json=IMPORT).status_code == 201
    for source in ("pg", "kafka"):
        done = wait_until(lambda: (r := stack.verify("registry", source)) and " 0 events not yet sealed" in r.stdout and r, 90)
        assert done.returncode == 0 and "206 events" in done.stdout and "OK: every chain" in done.stdout, done.stdout
