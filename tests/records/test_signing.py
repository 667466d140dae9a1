"""Real PAdES signatures: pyHanko's validator on what the services signed (PKCS#12 and a
SoftHSM2 PKCS#11 token), and the public check's answer on altered, unsigned and foreign files."""

import io
from pathlib import Path

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from records import demo_keys, services, verification
from records.models import RecordState
from records.verification import Outcome
from tests.records.conftest import PIN
from tests.records.signing_helpers import (
    SOFTHSM_MODULE,
    minutes_for_signing,
    read,
    signed_minutes,
    softhsm_token,
)


def _statuses(data: bytes, ca_path: Path):
    reader = PdfFileReader(io.BytesIO(data))
    root = load_cert_from_pemder(str(ca_path))
    return [
        validate_pdf_signature(sig, ValidationContext(trust_roots=[root]))
        for sig in reader.embedded_signatures
    ]


def _verify(record, data: bytes, tmp_path: Path) -> verification.Verification:
    path = tmp_path / "dropped.pdf"
    path.write_bytes(data)
    certs = set(record.signatures.values_list("certificate_sha256", flat=True))
    return verification.verify_file(path, record_sha256=record.sha256, signer_certs=certs)


def test_pkcs12_signatures_are_intact_and_trusted(closed_sitting, people, keys):
    record = signed_minutes(closed_sitting[0], people)
    assert record.state == RecordState.ISSUED
    statuses = _statuses(read(record), keys.cert_path)
    assert len(statuses) == 2
    for status in statuses:
        assert status.intact and status.valid and status.trusted
        assert status.bottom_line
    subjects = [s.signing_cert.subject.human_friendly for s in statuses]
    assert any("Nguyễn Thị Lệ" in s for s in subjects)
    assert all(demo_keys.DEMO_MARK in s for s in subjects)


def test_a_pkcs11_signature_from_softhsm2_is_intact_and_trusted(
    closed_sitting, people, keys, settings, tmp_path, monkeypatch
):
    conf = softhsm_token(tmp_path / "hsm", keys, "chutoa", "Nguyễn Thị Lệ")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    record = minutes_for_signing(closed_sitting[0], people)
    services.sign_record(people["thuky"], record, pin=PIN)  # PKCS#12
    settings.RECORDS_SIGNING_BACKEND = "pkcs11"
    settings.RECORDS_PKCS11_MODULE = SOFTHSM_MODULE
    services.sign_record(people["chutoa"], record, pin=PIN)  # the token
    statuses = _statuses(read(record), keys.cert_path)
    assert [s.bottom_line for s in statuses] == [True, True]
    assert "Nguyễn Thị Lệ" in statuses[1].signing_cert.subject.human_friendly


def test_the_issued_file_is_authentic(closed_sitting, people, keys, tmp_path):
    record = signed_minutes(closed_sitting[0], people)
    assert _verify(record, read(record), tmp_path).outcome is Outcome.AUTHENTIC


def test_an_earlier_signed_revision_has_a_valid_council_signature(
    closed_sitting, people, keys, tmp_path
):
    record = minutes_for_signing(closed_sitting[0], people)
    services.sign_record(people["thuky"], record, pin=PIN)
    first = read(record)
    services.sign_record(people["chutoa"], record, pin=PIN)
    record.refresh_from_db()
    assert _verify(record, first, tmp_path).outcome is Outcome.SIGNED_REVISION


def test_a_flipped_byte_is_reported_as_altered(closed_sitting, people, keys, tmp_path):
    record = signed_minutes(closed_sitting[0], people)
    data = bytearray(read(record))
    # A byte of the first revision's content, well inside the signed range.
    data[2000] ^= 0x01
    result = _verify(record, bytes(data), tmp_path)
    assert result.outcome is Outcome.ALTERED
    statuses = _statuses(bytes(data), keys.cert_path)
    assert not all(s.intact for s in statuses)


def test_an_unsigned_copy_is_reported_as_unsigned(closed_sitting, people, keys, tmp_path):
    record = minutes_for_signing(closed_sitting[0], people)
    unsigned = read(record)
    signed = signed_minutes_after(record, people)
    assert _verify(signed, unsigned, tmp_path).outcome is Outcome.UNSIGNED


def signed_minutes_after(record, people):
    services.sign_record(people["thuky"], record, pin=PIN)
    return services.sign_record(people["chutoa"], record, pin=PIN)


def test_a_file_signed_by_another_ca_is_untrusted(closed_sitting, people, keys, tmp_path):
    record = signed_minutes(closed_sitting[0], people)
    other = demo_keys.ensure_ca(tmp_path / "other-ca", "Một CA khác")
    demo_keys.write_pkcs12(other, tmp_path / "other-ca", "chutoa", "Nguyễn Thị Lệ", "X", PIN)
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(
        str(tmp_path / "other-ca" / "chutoa.p12"), passphrase=PIN.encode()
    )
    out = io.BytesIO()
    signers.PdfSigner(signers.PdfSignatureMetadata(field_name="Forged"), signer=signer).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(read(record))), output=out
    )
    assert _verify(record, out.getvalue(), tmp_path).outcome is Outcome.UNTRUSTED
    statuses = _statuses(out.getvalue(), keys.cert_path)
    assert not statuses[-1].trusted
