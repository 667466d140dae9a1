"""Reader benchmark: how much of a ~30 MB, 300-page PDF Chromium fetches before page 1 shows,
and how long page 1 and page 200 take. Standalone: `python bench/documents_bench.py`.

It runs a real Daphne on a throw-away SQLite database and MEDIA_ROOT (nothing of the
developer's data is touched), uploads the generated file through the real service, and
drives Debian's Chromium with Playwright as a logged-in delegate.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prepare(workdir: Path, pages_first: bool) -> dict[str, object]:
    import datetime

    import django
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.test import Client

    from council.models import Council, Role
    from documents import services
    from sessions.models import Sitting, SittingState
    from tests import pdf_corpus as corpus
    from tests.conftest import make_member

    council = Council.objects.create(name="Bench", total_delegates=95)
    secretariat = make_member(council, "secretariat", Role.SECRETARIAT, language="en")
    delegate = make_member(council, "delegate", Role.DELEGATE, language="en")
    sitting = Sitting.objects.create(
        council=council,
        number=1,
        title="Bench",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 1, 1),
        state=SittingState.PUBLISHED,
    )
    data = corpus.large_pdf(300, 30 * 1024 * 1024, pages_first=pages_first)
    document = services.upload_document(
        secretariat, sitting, title="Large", upload=SimpleUploadedFile("large.pdf", data)
    )
    services.publish_document(secretariat, document)
    client = Client()
    client.force_login(delegate.user)
    return {
        "size": len(data),
        "sitting": sitting.pk,
        "version": document.versions.get().pk,
        "cookie": client.cookies["sessionid"].value,
    }


def _wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("daphne did not start")


def measure(layout: str) -> list[tuple[str, str]]:
    from playwright.sync_api import sync_playwright

    pages_first, reading_copy, _about = LAYOUTS[layout]
    workdir = Path(tempfile.mkdtemp(prefix="documents-bench-"))
    env = {
        **os.environ,
        "PAPERLESS_VAR_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "council.settings",
        "DOCUMENT_READING_COPY": "true" if reading_copy else "false",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    info = _prepare(workdir, pages_first)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "council.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        file_url = f"/documents/v/{info['version']}/file"
        fetched = {"bytes": 0}
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--headless"]
            )
            context = browser.new_context(base_url=base, service_workers="block")
            context.add_cookies([{"name": "sessionid", "value": info["cookie"], "url": base}])
            page = context.new_page()

            # Bytes that actually arrived (Chromium's own count), not Content-Length:
            # pdf.js opens with a plain GET, reads the headers and aborts it once it
            # sees Accept-Ranges, so its Content-Length would count the whole file.
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            requests: set[str] = set()
            ranges: list[str] = []

            def on_request(event):
                if event["request"]["url"].endswith(file_url):
                    requests.add(event["requestId"])
                    headers = {k.lower(): v for k, v in event["request"]["headers"].items()}
                    ranges.append(headers.get("range", "full"))

            def on_data(event):
                if event["requestId"] in requests:
                    fetched["bytes"] += event["encodedDataLength"] or event["dataLength"]

            cdp.on("Network.requestWillBeSent", on_request)
            cdp.on("Network.dataReceived", on_data)
            started = time.perf_counter()
            page.goto(f"/documents/sittings/{info['sitting']}/reader/#v={info['version']}&page=1")
            page.wait_for_selector('#reader[data-rendered-page="1"]', timeout=60_000)
            first = time.perf_counter() - started
            before_first = fetched["bytes"]
            requests_before_first = len(ranges)
            started = time.perf_counter()
            page.fill("#reader-page-input", "200")
            page.press("#reader-page-input", "Enter")
            page.wait_for_selector('#reader[data-rendered-page="200"]', timeout=60_000)
            to_200 = time.perf_counter() - started
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    size = int(info["size"])
    return [
        ("file size", f"{size / 1024 / 1024:.1f} MB"),
        (
            "bytes before page 1",
            f"{before_first / 1024:.0f} KB ({100 * before_first / size:.2f} %)",
        ),
        ("goal", "<= 10 %"),
        ("requests before page 1", str(requests_before_first)),
        ("time to page 1", f"{first * 1000:.0f} ms"),
        ("time from page 1 to page 200", f"{to_200 * 1000:.0f} ms"),
    ]


# name: (upload laid out pages first, tablets read the reading copy, what the column shows)
LAYOUTS = {
    "as uploaded": (False, False, "interleaved upload served as it is"),
    "reading copy": (False, True, "interleaved upload, tablets read its reading copy"),
    "pages-first upload": (True, True, "an upload already laid out page tree first"),
}


def main() -> None:
    """Every layout, each in a fresh process (each sets Django up on its own database)."""
    if len(sys.argv) == 3 and sys.argv[1] == "--layout":
        print(json.dumps(measure(sys.argv[2])))
        return
    results = {}
    for layout in LAYOUTS:
        output = subprocess.run(
            [sys.executable, "-m", "bench.documents_bench", "--layout", layout],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        ).stdout
        results[layout] = dict(json.loads(output.strip().splitlines()[-1]))
    print("Reader: 300-page, 30 MB PDF in Chromium (pdf.js over HTTP Range requests)")
    print()
    print(
        "| measure | "
        + " | ".join(f"{name} ({about})" for name, (_p, _c, about) in LAYOUTS.items())
        + " |"
    )
    print("|---|" + "---|" * len(LAYOUTS))
    for row in results["as uploaded"]:
        print(f"| {row} | " + " | ".join(results[layout][row] for layout in LAYOUTS) + " |")


if __name__ == "__main__":
    main()
