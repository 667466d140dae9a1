"""A local demo CA and one PKCS#12 key per signer, for the demo and the tests.

Every name says "DEMO — không có giá trị pháp lý" (no legal value), so that nobody takes a
demo signature for a legal one. Production keys come from a Vietnamese CA, never from here.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

DEMO_MARK = "DEMO — không có giá trị pháp lý"
CA_FILE = "demo-ca.pem"
CA_KEY_FILE = "demo-ca.key"


@dataclass(frozen=True)
class DemoCA:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey
    cert_path: Path


def _fit(text: str, limit: int = 64) -> str:
    """X.520 caps these attributes at 64 (counted in UTF-8 bytes by cryptography)."""
    while len(text.encode()) > limit:
        text = text[:-1]
    return text


def _name(common_name: str, organisation: str) -> x509.Name:
    # The demo mark is its own attribute, so a long name cannot push it out.
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(organisation)),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEMO_MARK),
            x509.NameAttribute(NameOID.COMMON_NAME, _fit(common_name)),
        ]
    )


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def ensure_ca(directory: Path, organisation: str = "Paperless Council") -> DemoCA:
    """The CA in ``directory``, made on first use (its key stays there, mode 0600)."""
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / CA_FILE, directory / CA_KEY_FILE
    if cert_path.is_file() and key_path.is_file():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        return DemoCA(cert, key, cert_path)  # type: ignore[arg-type]
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = _name("DEMO CA — không có giá trị pháp lý", organisation)
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return DemoCA(cert, key, cert_path)


def issue_certificate(
    ca: DemoCA, full_name: str, organisation: str
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(full_name, organisation))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(ca=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.cert.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(ca.key, hashes.SHA256())
    )
    return key, cert


def write_pkcs12(
    ca: DemoCA, directory: Path, username: str, full_name: str, organisation: str, pin: str
) -> Path:
    """``<directory>/<username>.p12`` for the signer, made once."""
    path = directory / f"{username}.p12"
    if path.is_file():
        return path
    key, cert = issue_certificate(ca, full_name, organisation)
    data = pkcs12.serialize_key_and_certificates(
        username.encode(),
        key,
        cert,
        [ca.cert],
        serialization.BestAvailableEncryption(pin.encode()),
    )
    directory.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o600)
    return path
