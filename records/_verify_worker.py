"""The sandboxed child in which pyHanko reads a PDF someone dropped on the public page.

Run as ``python -m records._verify_worker``; ``records.verification`` is the only caller.
One JSON request on stdin ({"path", "trust_roots": [pem paths], "limits"}), one JSON answer
on stdout. The same kernel limits as the upload sandbox (documents._pdf_worker): a hostile
file may exhaust this process, never the web server. Imports no Django.
"""

import hashlib
import json
import sys
from typing import Any

from documents._pdf_worker import apply_limits


def validate(path: str, trust_roots: list[str]) -> dict[str, Any]:
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [load_cert_from_pemder(p) for p in trust_roots]
    answers = []
    with open(path, "rb") as fh:
        reader = PdfFileReader(fh, strict=False)
        for sig in reader.embedded_signatures:
            # A fresh context per signature: the validator caches paths it has built.
            context = ValidationContext(trust_roots=roots, allow_fetching=False)
            status = validate_pdf_signature(sig, context)
            cert = status.signing_cert
            answers.append(
                {
                    "field": sig.field_name,
                    "intact": bool(status.intact),
                    "valid": bool(status.valid),
                    "trusted": bool(status.trusted),
                    "bottom_line": bool(status.bottom_line),
                    "coverage": str(getattr(status.coverage, "name", status.coverage)),
                    "modification": str(
                        getattr(status.modification_level, "name", status.modification_level)
                    ),
                    "subject": cert.subject.human_friendly if cert is not None else "",
                    "cert_sha256": hashlib.sha256(cert.dump()).hexdigest()
                    if cert is not None
                    else "",
                    "signed_at": status.signer_reported_dt.isoformat()
                    if status.signer_reported_dt
                    else "",
                }
            )
    return {"signatures": answers}


def main() -> None:
    request = json.loads(sys.stdin.buffer.read())
    limits = request["limits"]
    apply_limits(limits["memory_mb"], limits["cpu_s"], limits["fsize_mb"])
    try:
        result = validate(request["path"], request["trust_roots"])
        answer: dict[str, Any] = {"ok": True, "result": result}
    except MemoryError:
        answer = {"ok": False, "code": "hostile", "detail": "MemoryError"}
    except Exception as exc:  # any parse failure of a hostile or broken file
        answer = {"ok": False, "code": "damaged", "detail": f"{type(exc).__name__}: {exc}"[:500]}
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main()
