"""What sealed secret ballots cost (issue 14): sealing on the tablet, counting at the close.

    .venv/bin/python -m bench.sealed_bench [--ballots 500] [--rounds 5]

- Tablet: Chromium (Playwright, /usr/bin/chromium) loads the vendored libsodium-wrappers
  (static/vendor/sodium, `make setup`) as the room page does, then per ballot checks the
  poll key's signature against the main key and seals {choices, token} to the poll key,
  exactly what static/js/ballot-seal.mjs does before a ballot leaves.
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


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        box = BoxProcess(Path(folder) / "box").start()
        try:
            closes = [close_round(box, args.ballots, f"bench-{r}") for r in range(args.rounds)]
            tablet = tablet_rounds(box, args.ballots, args.rounds)
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
        "",
    ]
    text = "\n".join(lines)
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
