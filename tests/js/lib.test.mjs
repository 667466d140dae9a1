// lib/: ids (with the plain-http fallback), the server clock, texts, backoff, CSRF posts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { uuid4 } from "../../static/js/lib/ids.js";
import { createClock } from "../../static/js/lib/clock.js";
import { fill } from "../../static/js/lib/text.js";
import { backoffDelay, socketUrl } from "../../static/js/lib/reconnect.js";
import { postJson } from "../../static/js/lib/http.js";

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("ids are version-4 UUIDs, also where randomUUID is missing (plain http)", () => {
  assert.match(uuid4(), V4);
  const insecure = { getRandomValues: (a) => webcrypto.getRandomValues(a) };
  const ids = new Set(Array.from({ length: 200 }, () => uuid4(insecure)));
  assert.equal(ids.size, 200);
  for (const id of ids) assert.match(id, V4);
});

test("the clock runs on the server's time once anchored", () => {
  let perf = 1000;
  const clock = createClock({ perf: () => perf, wall: () => 5 });
  assert.equal(clock.now(), 5, "the wall clock until the server said the time");
  clock.anchor(1_000_000);
  perf += 2500;
  assert.equal(clock.now(), 1_002_500);
  clock.anchor("not a number");
  assert.equal(clock.now(), 1_002_500);
});

test("texts fill %(name)s holes", () => {
  assert.equal(fill("Trang %(page)s / %(pages)s", { page: 2, pages: 9 }), "Trang 2 / 9");
  assert.equal(fill(undefined), "");
  assert.equal(fill("%(missing)s!"), "!");
});

test("backoff doubles up to the ceiling, jittered in its upper half", () => {
  assert.equal(backoffDelay(0, { random: () => 0 }), 250);
  assert.equal(backoffDelay(3, { random: () => 0.999999 }) < 4000, true);
  assert.equal(backoffDelay(30, { random: () => 0 }), 15000);
  assert.equal(socketUrl("/ws/x/", { protocol: "https:", host: "h" }), "wss://h/ws/x/");
});

test("postJson sends JSON with the CSRF token", async () => {
  let seen = null;
  await postJson("/u/", { a: 1 }, { token: "t0k", fetchImpl: async (url, init) => { seen = { url, init }; return { ok: true }; } });
  assert.equal(seen.url, "/u/");
  assert.equal(seen.init.method, "POST");
  assert.equal(seen.init.headers["X-CSRFToken"], "t0k");
  assert.equal(seen.init.body, '{"a":1}');
});
