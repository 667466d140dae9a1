"""Sign a record in tests: with the demo PKCS#12 keys, or a SoftHSM2 token."""

import os
import subprocess
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from records import demo_keys, services
from tests.records.conftest import PIN

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


def minutes_for_signing(sitting, people):
    secretary = people["thuky"]
    minutes = services.open_minutes(secretary, sitting)
    return services.finalise_minutes(secretary, minutes)


def signed_minutes(sitting, people):
    record = minutes_for_signing(sitting, people)
    services.sign_record(people["thuky"], record, pin=PIN)
    return services.sign_record(people["chutoa"], record, pin=PIN)


def read(record) -> bytes:
    record.refresh_from_db()
    with record.pdf.open("rb") as fh:
        return fh.read()


def softhsm_token(directory: Path, ca: demo_keys.DemoCA, label: str, full_name: str) -> Path:
    """A SoftHSM2 token labelled ``label`` holding a demo key and certificate ("signing").

    Returns the SOFTHSM2_CONF path to put in the environment.
    """
    tokens = directory / "tokens"
    tokens.mkdir(parents=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    key, cert = demo_keys.issue_certificate(ca, full_name, "HĐND")
    key_path, cert_path = directory / "key.pem", directory / "cert.der"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    run = {"env": env, "check": True, "capture_output": True}
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN,
         "--so-pin", "12345678"],
        **run,
    )  # fmt: skip
    subprocess.run(
        ["softhsm2-util", "--import", str(key_path), "--token", label, "--label", "signing",
         "--id", "01", "--pin", PIN],
        **run,
    )  # fmt: skip
    subprocess.run(
        ["pkcs11-tool", "--module", SOFTHSM_MODULE, "--token-label", label, "--login",
         "--pin", PIN, "--write-object", str(cert_path), "--type", "cert", "--label", "signing",
         "--id", "01"],
        **run,
    )  # fmt: skip
    key_path.unlink()
    return conf
