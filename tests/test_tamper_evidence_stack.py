"""A running service seals its streams by itself, and an auditor's verify passes on its
PostgreSQL store and on its topic with the public key alone (README "Tamper evidence"); after
`thidua seal-key rotate`, with no restart, it signs with the new key from its next seal, and
verify, given the published keys, passes on seals of both."""
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from typer.testing import CliRunner

from thidua_deploy.isolated import wait_until
from thidua_deploy.operator.cli import app
from thidua_kernel.seal_format import key_id, load_public_keys

IMPORT = {"province_code": "20", "effective_from": "2011-01-01"}
COMMUNE = {"code": "99001", "name": "Xã Thử", "unit_type": "rural_commune", "parent_code": "180",
           "effective_from": "2011-01-01"}


def test_a_running_service_seals_its_streams_and_verify_passes_on_postgresql_and_kafka(stack):
    stack.start("registry", THIDUA_SEAL_INTERVAL_S="0.5")
    with stack.client("registry") as c:
        assert c.post("/commands/import-province-units", json=IMPORT).status_code == 201
    for source in ("pg", "kafka"):
        done = wait_until(lambda: (r := stack.verify("registry", source)) and " 0 events not yet sealed" in r.stdout and r, 90)
        assert done.returncode == 0 and "206 events" in done.stdout and "OK: every chain" in done.stdout, done.stdout


def test_after_a_key_rotation_new_seals_are_signed_by_the_new_key_and_all_verify(stack, tmp_path):
    stack.start("registry", THIDUA_SEAL_INTERVAL_S="0.5")
    with stack.client("registry") as c:
        assert c.post("/commands/import-province-units", json=IMPORT).status_code == 201
    wait_until(lambda: " 0 events not yet sealed" in stack.verify("registry", "pg").stdout, 90)
    key_file = stack.run_dir / "keys" / "seals" / "registry.pem"
    rotated = CliRunner().invoke(app, ["seal-key", "rotate", "registry", "--key-file", str(key_file)])
    assert rotated.exit_code == 0, rotated.output  # the running registry is not restarted
    with stack.client("registry") as c:
        assert c.post("/commands/register-unit", json=COMMUNE).status_code == 201
    for source in ("pg", "kafka"):  # the published keys, old and new: every seal holds
        done = wait_until(lambda: (r := stack.verify("registry", source)) and " 0 events not yet sealed" in r.stdout
                          and "207 events" in r.stdout and r, 90)
        assert done.returncode == 0 and "OK: every chain" in done.stdout, done.stdout
    old, new = load_public_keys(key_file.with_suffix(".pub.pem")).values()
    for signer, named in ((old, key_id(new)), (new, key_id(old))):  # one key alone fails the other's seals
        alone = tmp_path / f"{key_id(signer)}.pub.pem"
        alone.write_bytes(signer.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
        checked = stack.verify("registry", "pg", alone)
        assert checked.returncode == 1 and "AUDIT-SEAL-SIGNATURE" in checked.stdout, checked.stdout
        assert f"names key {named}" in checked.stdout, checked.stdout
