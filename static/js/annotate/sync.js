// Storage and sync: local first (IndexedDB, annotations-store.js), then the queue, then the
// server (rules in annotate/queue.js); loading a version's marks, online or from the last
// list this tablet saw; live updates from live.js as DOM events: live:annotations.own (this
// member's devices), .group, .sitting.
import { uuid4 } from "../lib/ids.js";
import { getJson, postJson } from "../lib/http.js";
import { texts } from "../lib/text.js";
import { outcomeOf, queuedEntry, retryAfterPass, retryDelay, worthSending } from "./queue.js";
import { redraw } from "./layer.js";
import { mine, state } from "./state.js";
import { updateUndo } from "./tools.js";

const tools = document.getElementById("annotate-tools");
const text = texts(tools);
const $ = (id) => document.getElementById(id);
const cacheKey = (versionId) => `${state.memberId}:${versionId}`;

export async function commit(next, before, { record = true } = {}) {
  const annotation = { ...next, author_id: state.memberId, client_updated_at: new Date().toISOString() };
  state.annotations.set(annotation.id, annotation);
  if (record) {
    state.undo.push({ before, after: annotation });
    state.redo = [];
  }
  updateUndo();
  redraw();
  const existing = await state.store.get(annotation.id);
  await state.store.put(queuedEntry(existing, annotation, {
    memberId: state.memberId,
    serverRevision: state.serverRevision.get(annotation.id),
    stamp: uuid4(),
    now: Date.now(),
  }));
  drain();
}

async function pendingEntries() {
  return (await state.store.all()).filter((entry) => entry.memberId === state.memberId);
}

async function showPending() {
  const count = (await pendingEntries()).length;
  tools.dataset.pending = String(count);
  const status = $("annotate-status");
  if (count && !navigator.onLine) status.textContent = text("textPending", { count });
  else if (status.dataset.kind === "pending") status.textContent = "";
  status.dataset.kind = count && !navigator.onLine ? "pending" : status.dataset.kind || "";
}

function say(message) {
  const status = $("annotate-status");
  status.dataset.kind = "message";
  status.textContent = message;
}

async function send(entry) {
  const url = `/annotations/v/${entry.versionId}/${entry.id}/`;
  try {
    return await postJson(url, { ...entry.payload, base_revision: entry.base });
  } catch {
    return null; // offline or the server is away
  }
}

const handedOver = new Map(); // annotation id -> stamp tried offline (so queued by the SW)

// Sends the queue in order; stops at the first change the server answered "not now".
// A change that got no answer stays queued and the pass goes on: its request is now in
// the service worker's queue too (sw-extra.js), so every change reaches it while offline.
export async function drain() {
  if (state.draining) return;
  state.draining = true;
  clearTimeout(state.retryTimer);
  try {
    let failed = false;
    for (const entry of await pendingEntries()) {
      if (!worthSending(entry, handedOver, navigator.onLine)) continue;
      const response = await send(entry);
      if (response === null) {
        // No answer (offline, or the server is away): it stays queued, try again later.
        handedOver.set(entry.id, entry.stamp);
        failed = true;
        continue;
      }
      const outcome = outcomeOf(response.status);
      if (outcome === "retry") {
        scheduleRetry();
        break; // the server answered "not now" (5xx, 429): keep everything, try again later
      }
      const body = await response.json().catch(() => ({}));
      const removed = await state.store.remove(entry.id, entry.stamp);
      if (outcome === "refused") {
        // Retrying cannot help. Show why and go back to the server's state.
        say(body.error || text("textRefused"));
        state.annotations.delete(entry.id);
        reload();
        continue;
      }
      state.retry = 0;
      const saved = body.annotation;
      state.serverRevision.set(saved.id, saved.revision);
      if (removed) state.annotations.set(saved.id, saved);
      else await state.store.update(entry.id, { base: saved.revision }); // edited again meanwhile
      if (body.outcome === "conflict") {
        // Our erase lost to an edit made elsewhere, or our edit brought back a mark erased
        // elsewhere: either way nothing vanished, and the delegate is told.
        say(entry.payload.deleted ? text("textSavedElsewhere") : text("textRestored"));
      }
      redraw();
    }
    if (retryAfterPass(failed, navigator.onLine)) scheduleRetry();
  } finally {
    state.draining = false;
    await showPending();
  }
}

function scheduleRetry() {
  clearTimeout(state.retryTimer);
  const delay = retryDelay(state.retry);
  state.retry += 1;
  state.retryTimer = setTimeout(drain, delay);
}

export async function load(versionId) {
  state.versionId = versionId;
  $("annotate-export").href = `/annotations/v/${versionId}/annotated.pdf`;
  let list = null;
  try {
    const response = await getJson(`/annotations/v/${versionId}/`);
    if (response.ok) {
      list = (await response.json()).annotations;
      state.store.saveList(cacheKey(versionId), list).catch(() => {});
    }
  } catch {
    // offline: fall back to the last list this tablet saw
  }
  if (list === null) list = (await state.store.loadList(cacheKey(versionId)).catch(() => null)) || [];
  if (state.versionId !== versionId) return;
  state.annotations = new Map(list.map((a) => [a.id, a]));
  for (const a of list) state.serverRevision.set(a.id, Math.max(a.revision, state.serverRevision.get(a.id) || 0));
  // Unsent changes of this tablet are newer than anything the server could send.
  for (const entry of await pendingEntries()) {
    if (entry.versionId !== versionId) continue;
    const anchor = (state.annotations.get(entry.id) || {}).anchor_state || "ok";
    state.annotations.set(entry.id, {
      ...entry.payload, id: entry.id, version_id: versionId, author_id: state.memberId, anchor_state: anchor,
    });
  }
  state.loadedVersion = versionId;
  tools.dataset.loadedVersion = String(versionId); // anchor-review.js watches it
  redraw();
  showPending();
}

function reload() {
  if (state.versionId) load(state.versionId);
}

async function applyOwn(annotation) {
  state.serverRevision.set(annotation.id, Math.max(annotation.revision, state.serverRevision.get(annotation.id) || 0));
  if (annotation.version_id !== state.versionId) return;
  if (await state.store.get(annotation.id)) return; // this tablet's unsent edit is newer
  const known = state.annotations.get(annotation.id);
  if (known && known.revision > annotation.revision) return;
  state.annotations.set(annotation.id, annotation);
  redraw();
}

function applyShared(data) {
  if (mine(data) || data.version_id !== state.versionId) return;
  if (data.annotation === null) state.annotations.delete(data.id);
  else state.annotations.set(data.id, data.annotation);
  redraw();
}

export function setUpSync() {
  document.addEventListener("live:annotations.own", (event) => applyOwn(event.detail.data.annotation));
  document.addEventListener("live:annotations.group", (event) => applyShared(event.detail.data));
  document.addEventListener("live:annotations.sitting", (event) => applyShared(event.detail.data));
  // A snapshot means a (re)connection: events may have been missed, so fetch afresh.
  document.addEventListener("live:snapshot", () => {
    drain().then(reload);
  });
  window.addEventListener("online", () => {
    state.retry = 0;
    drain();
  });
  window.addEventListener("offline", showPending);
}
