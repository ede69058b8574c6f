"""`thidua seal-key rotate` (README "Tamper evidence"): a new seal key for a service, the old
public keys kept; an unknown service or a missing key file is refused with OPS-SEAL-KEY."""
from typer.testing import CliRunner

from thidua_deploy.operator.cli import app
from thidua_kernel.seal_format import key_id, load_public_keys, load_signing_key, new_key_file


def test_rotate_writes_a_new_key_keeps_the_old_public_and_refuses_bad_input(tmp_path):
    key_file = tmp_path / "keys" / "seals" / "progress.pem"
    new_key_file(key_file)
    old = key_id(load_signing_key(key_file).public_key())
    done = CliRunner().invoke(app, ["seal-key", "rotate", "progress", "--key-file", str(key_file)])
    new = key_id(load_signing_key(key_file).public_key())
    assert done.exit_code == 0 and f"new seal key {new}" in done.output and "2 public keys" in done.output, done.output
    assert list(load_public_keys(key_file.with_suffix(".pub.pem"))) == [old, new]

    unknown = CliRunner().invoke(app, ["seal-key", "rotate", "finance", "--key-file", str(key_file)])
    missing = CliRunner().invoke(app, ["seal-key", "rotate", "awards", "--key-file", str(tmp_path / "none.pem")])
    for refused in (unknown, missing):
        assert refused.exit_code == 1 and "OPS-SEAL-KEY" in refused.output, refused.output
    assert new == key_id(load_signing_key(key_file).public_key())  # a refusal changes nothing
