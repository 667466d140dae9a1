"""What sealed secret ballots cost (issue 14): sealing on the tablet, counting at the close.

    .venv/bin/python -m bench.sealed_bench [--ballots 500] [--rounds 5]

- Tablet: Chromium (Playwright, /usr/bin/chromium) loads the vendored libsodium-wrappers
  (static/vendor/sodium, `make setup`) as the room page does, then per ballot checks the
  poll key's signature against the main key and seals {choices, token} to the poll key,
  exactly what static/js/ballot-seal.js does before a ballot leaves.
- Close: a real ballot box process (python -m ballotbox) counts N sealed ballots: the HTTP
  round trip, N decryptions, the shuffle, the signature, the fsynced count file and the
  key's destruction; then the app's side: verify the signature, read every plaintext.

It checks correctness (every plaintext comes back once, the signature verifies, every
ballot reads as valid) and exits non-zero if not. Results: bench/results/sealed.md.
"""

import argparse
import datetime
import functools
import http.server
import json
import platform
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import nacl.public

from ballotbox import protocol
from ballotbox.testing import BoxProcess
from voting import sealing

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "sealed.md"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def call(box: BoxProcess, path: str, body: dict) -> dict:
    request = urllib.request.Request(  # noqa: S310 - the bench's own box on loopback
        box.url + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {box.token}"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        answer: dict = json.loads(response.read())
        return answer


def main_key(box: BoxProcess) -> str:
    request = urllib.request.Request(  # noqa: S310
        box.url + "/main-key", headers={"Authorization": f"Bearer {box.token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return str(json.loads(response.read())["public_key"])


def plaintexts(n: int) -> list[str]:
    return [
        json.dumps({"choices": {str(1 + i % 3): "x"}, "token": secrets.token_urlsafe(24)})
        for i in range(n)
    ]


def close_round(box: BoxProcess, n: int, poll: str) -> dict[str, float]:
    signed_key = call(box, f"/polls/{poll}/key", {})
    key = protocol.verify(
        signed_key["document"], signed_key["signature"], main_key(box), protocol.POLL_KEY_KIND
    )
    sealer = nacl.public.SealedBox(nacl.public.PublicKey(protocol.unb64(key["public_key"])))
    texts = plaintexts(n)
    ciphertexts = [protocol.b64(sealer.encrypt(t.encode())) for t in texts]
    started = time.perf_counter()
    signed = call(box, f"/polls/{poll}/count", {"ciphertexts": ciphertexts})
    counted = time.perf_counter()
    count = protocol.verify(
        signed["document"], signed["signature"], main_key(box), protocol.COUNT_KIND
    )
    form = sealing.BallotForm(kind="motion", option_ids=frozenset({"1", "2", "3"}))
    valid = [sealing.read(p, form) for p in count["plaintexts"]]
    read = time.perf_counter()
    if sorted(count["plaintexts"]) != sorted(texts) or None in valid:
        sys.exit("the count is wrong")
    return {"box": (counted - started) * 1000, "app": (read - counted) * 1000}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def tablet_rounds(box: BoxProcess, n: int, rounds: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    signed_key = call(box, "/polls/bench-tablet/key", {})
    handler = functools.partial(QuietHandler, directory=str(ROOT / "static"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    script = """async ([n, mainKey, document, signature]) => {
      const t0 = performance.now();
      const mod = await import("/vendor/sodium/libsodium-wrappers.mjs");
      const sodium = mod.default; await sodium.ready;
      const t1 = performance.now();
      const b64 = (s) => sodium.from_base64(s, sodium.base64_variants.ORIGINAL);
      const times = [];
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        if (!sodium.crypto_sign_verify_detached(b64(signature), sodium.from_string(document),
            b64(mainKey))) throw new Error("bad signature");
        const key = JSON.parse(document).public_key;
        const token = sodium.to_base64(sodium.randombytes_buf(24),
          sodium.base64_variants.URLSAFE_NO_PADDING);
        const text = JSON.stringify({choices: {"1": "x"}, token});
        sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(text), b64(key)),
          sodium.base64_variants.ORIGINAL);
        times.push(performance.now() - s);
      }
      return {load: t1 - t0, times};
    }"""
    out: dict[str, list[float]] = {"load": [], "seal": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for _ in range(rounds):
                page = browser.new_page()
                page.goto(base + "/manifest.webmanifest")
                args = [n, main_key(box), signed_key["document"], signed_key["signature"]]
                result = page.evaluate(script, args)
                out["load"].append(result["load"])
                out["seal"].extend(result["times"])
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def app_close_inner(n: int) -> None:
    """In a subprocess with a throwaway SQLite database: N delegates cast sealed ballots
    through the voting services, then the chair's close is timed (the box's count, the
    N plain ballots written, the rules, the frozen record). Prints JSON."""
    import os
    import uuid

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from council.models import Council, Member, Role
    from sessions.models import Sitting, SittingState
    from voting import services
    from voting.models import Attendance, AttendanceStatus, Ballot

    call_command("migrate", verbosity=0)
    council = Council.objects.create(name="Bench", total_delegates=n + 1)
    users = get_user_model().objects
    chair = Member.objects.create(
        user=users.create(username="chair"), council=council, role=Role.CHAIR, full_name="C"
    )
    sitting = Sitting.objects.create(
        council=council,
        number=1,
        title="Bench",
        starts_on=datetime.date.today(),
        ends_on=datetime.date.today(),
        state=SittingState.IN_PROGRESS,
    )
    delegates = [
        Member.objects.create(
            user=users.create(username=f"d{i}"),
            council=council,
            role=Role.DELEGATE,
            full_name=f"D{i}",
        )
        for i in range(n)
    ]
    Attendance.objects.bulk_create(
        Attendance(sitting=sitting, member=m, status=AttendanceStatus.PRESENT) for m in delegates
    )
    spec = services.PollSpec(kind="motion", title="Bench", secret=True)
    poll = services.open_poll(chair, services.create_poll(chair, sitting, spec))
    key = json.loads(poll.box_key_document)["public_key"]
    sealer = nacl.public.SealedBox(nacl.public.PublicKey(protocol.unb64(key)))
    yes = poll.options.get(code="yes").pk
    for member in delegates:
        text = json.dumps({"choices": {str(yes): "x"}, "token": secrets.token_urlsafe(24)})
        services.cast_sealed_ballot(
            member, poll, protocol.b64(sealer.encrypt(text.encode())), uuid.uuid4()
        )
    started = time.perf_counter()
    poll = services.close_poll(chair, poll)
    elapsed = (time.perf_counter() - started) * 1000
    if poll.result["cast"] != n or Ballot.objects.filter(poll=poll).count() != n:
        sys.exit("the app's count is wrong")
    print(json.dumps({"close_ms": elapsed}))


def app_close_round(box: BoxProcess, n: int) -> float:
    import os
    import subprocess

    with tempfile.TemporaryDirectory() as folder:
        env = os.environ | {
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "REDIS_URL": "",
            "BALLOT_BOX_URL": box.url,
            "BALLOT_BOX_TOKEN": box.token,
            "BALLOT_BOX_MAIN_KEY": "",
            "VOTING_COUNTDOWN_TIMERS": "false",
        }
        out = subprocess.run(
            [sys.executable, "-m", "bench.sealed_bench", "--inner-app", "--ballots", str(n)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    return float(json.loads(out.stdout.strip().splitlines()[-1])["close_ms"])


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--inner-app", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner_app:
        app_close_inner(args.ballots)
        return
    with tempfile.TemporaryDirectory() as folder:
        box = BoxProcess(Path(folder) / "box").start()
        try:
            closes = [close_round(box, args.ballots, f"bench-{r}") for r in range(args.rounds)]
            tablet = tablet_rounds(box, args.ballots, args.rounds)
            app_close = [app_close_round(box, args.ballots) for _ in range(3)]
        finally:
            box.kill()
    box_ms = [c["box"] for c in closes]
    app_ms = [c["app"] for c in closes]
    seal = tablet["seal"]
    lines = [
        f"# Sealed secret ballots: cost ({datetime.date.today().isoformat()})",
        "",
        f"Machine: {platform.machine()}, {platform.system()}, Python {platform.python_version()}"
        ". **Shared**: 2 cores used at the same time by 7 engineers' builds and tests, so"
        " the figures are upper bounds, not a tuning target.",
        f"`python -m bench.sealed_bench --ballots {args.ballots} --rounds {args.rounds}`;"
        " correctness checked (every plaintext back once, signatures verify, all valid).",
        "",
        "| What | N | median | p95 / max |",
        "|---|---|---|---|",
        f"| Tablet (Chromium): load libsodium (WASM) once per page | {args.rounds} pages"
        f" | {statistics.median(tablet['load']):.1f} ms | max {max(tablet['load']):.1f} ms |",
        f"| Tablet (Chromium): check the poll key's signature + seal one ballot | {len(seal)}"
        f" | {statistics.median(seal):.2f} ms | {pct(seal, 0.95):.2f} / {max(seal):.2f} ms |",
        f"| Close: the ballot box counts {args.ballots} ballots (HTTP, decrypt, shuffle, sign,"
        f" fsync, destroy the key) | {args.rounds} | {statistics.median(box_ms):.0f} ms"
        f" | max {max(box_ms):.0f} ms |",
        f"| Close: the app verifies the signed list and reads {args.ballots} plaintexts"
        f" | {args.rounds} | {statistics.median(app_ms):.1f} ms | max {max(app_ms):.1f} ms |",
        f"| Close in the app: `close_poll` of a {args.ballots}-ballot sealed poll (the box's"
        " count, the plain ballots written, the rules, the frozen record; SQLite)"
        f" | 3 | {statistics.median(app_close):.0f} ms | max {max(app_close):.0f} ms |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
