// The annotation layer of the documents reader: pen, highlighter, notes, eraser, undo/redo.
//
// It does not touch reader.js: it reads `window.councilReader` (version, page) and watches
// the reader's root (`data-rendered-page`) and page box with a MutationObserver, and lays
// its own overlay over the rendered page. Coordinates are fractions (0..1) of the page as
// displayed, from its top-left corner, so zoom and screen size never move a mark.
//
// Every change goes to IndexedDB first (annotations-store.js), then to the server over
// HTTP; it leaves the queue only when the server confirmed it. Ids are made here
// (uuid.js), so a change sent twice is stored once. Live updates arrive as DOM
// events from live.js: `live:annotations.own` (this member's devices), `.group`, `.sitting`.
// Note text is only ever set with textContent / value: it is plain text everywhere.
import { openStore } from "./annotations-store.js";
import { uuid4 } from "./uuid.js";

const tools = document.getElementById("annotate-tools");
const root = document.getElementById("reader");
const pageBox = document.getElementById("reader-page");

const PEN_WIDTH = 0.003; // of the page width
const HIGHLIGHT_WIDTH = 0.022;
const MIN_STEP = 0.0015; // ignore pointer moves smaller than this (page fractions)
const HIT_PX = 14;
const RETRY_MS = [2000, 5000, 15000, 30000, 60000];

if (tools && root && pageBox) start();

async function start() {
  const $ = (id) => document.getElementById(id);
  const text = (key, params = {}) =>
    (tools.dataset[key] || "").replace(/%\((\w+)\)s/g, (_m, name) => String(params[name] ?? ""));
  const memberId = Number(tools.dataset.memberId);
  const store = await openStore();
  const csrf = (() => {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch {
      return "";
    }
  })();

  const toolbar = root.querySelector(".reader-toolbar");
  if (toolbar && tools.parentElement !== root) toolbar.after(tools);

  // --- state ---------------------------------------------------------------------------
  const state = {
    versionId: null,
    loadedVersion: null,
    annotations: new Map(), // id -> annotation as the server sends it (+ local edits)
    serverRevision: new Map(), // id -> last revision the server confirmed
    tool: "none",
    colour: "#d62828",
    stylusOnly: localStorage.getItem("annotate:stylus") === "1",
    undo: [],
    redo: [],
    drawing: null,
    draining: false,
    retry: 0,
    retryTimer: null,
    // The server's limits (annotations/validation.py), from the page.
    limits: JSON.parse(document.getElementById("annotation-limits").textContent),
  };
  window.councilAnnotations = state; // for whoever debugs a tablet

  const cacheKey = (versionId) => `${memberId}:${versionId}`;
  const mine = (a) => a.author_id === memberId;
  const currentPage = () => Number(root.dataset.renderedPage) || (window.councilReader || {}).page || 1;

  // --- the overlay -----------------------------------------------------------------------
  const layer = document.createElement("div");
  layer.className = "annotate-layer";
  layer.dataset.tool = "none";
  const canvas = document.createElement("canvas");
  canvas.className = "annotate-canvas";
  const notes = document.createElement("div");
  notes.className = "annotate-notes";
  layer.append(canvas, notes);
  pageBox.append(layer);

  let frame = 0;
  function redraw() {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(paint);
  }

  function visibleOnPage() {
    const page = currentPage();
    return [...state.annotations.values()].filter(
      (a) => !a.deleted && a.page === page && a.version_id === state.versionId,
    );
  }

  function paint() {
    const width = pageBox.clientWidth;
    const height = pageBox.clientHeight;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const items = visibleOnPage();
    for (const a of items) if (a.kind !== "note") drawShape(ctx, a, width, height);
    if (state.drawing) drawShape(ctx, state.drawing, width, height);
    notes.replaceChildren(...items.filter((a) => a.kind === "note").map(noteMarker));
    layer.dataset.count = String(items.length);
    layer.dataset.page = String(currentPage());
  }

  function drawShape(ctx, a, width, height) {
    const highlight = a.kind === "highlight";
    ctx.save();
    ctx.strokeStyle = ctx.fillStyle = a.colour;
    ctx.lineCap = ctx.lineJoin = "round";
    if (highlight) {
      ctx.globalAlpha = 0.35;
      ctx.globalCompositeOperation = "multiply";
    }
    if (a.data.rects) {
      for (const [x, y, w, h] of a.data.rects) ctx.fillRect(x * width, y * height, w * width, h * height);
    }
    for (const stroke of a.data.strokes || []) {
      const base = a.data.width * width;
      const pts = stroke.map(([x, y, p]) => [x * width, y * height, p]);
      if (pts.length === 1) {
        ctx.beginPath();
        ctx.arc(pts[0][0], pts[0][1], base / 2, 0, Math.PI * 2);
        ctx.fill();
        continue;
      }
      const pressured = !highlight && pts.some((p) => p[2] !== undefined);
      if (!pressured) {
        // One path, smoothed through the midpoints: no seams under a translucent highlighter.
        ctx.lineWidth = base;
        ctx.beginPath();
        ctx.moveTo(pts[0][0], pts[0][1]);
        for (let i = 1; i < pts.length - 1; i += 1) {
          const mx = (pts[i][0] + pts[i + 1][0]) / 2;
          const my = (pts[i][1] + pts[i + 1][1]) / 2;
          ctx.quadraticCurveTo(pts[i][0], pts[i][1], mx, my);
        }
        ctx.lineTo(pts.at(-1)[0], pts.at(-1)[1]);
        ctx.stroke();
        continue;
      }
      // With pressure: the same curve, drawn piece by piece, each as wide as pressed.
      let from = pts[0];
      for (let i = 1; i < pts.length; i += 1) {
        const to = i < pts.length - 1
          ? [(pts[i][0] + pts[i + 1][0]) / 2, (pts[i][1] + pts[i + 1][1]) / 2, pts[i][2]]
          : pts[i];
        ctx.lineWidth = base * (0.4 + 1.2 * (pts[i][2] ?? 0.5));
        ctx.beginPath();
        ctx.moveTo(from[0], from[1]);
        ctx.quadraticCurveTo(pts[i][0], pts[i][1], to[0], to[1]);
        ctx.stroke();
        from = to;
      }
    }
    if (a.anchor_state && a.anchor_state !== "ok") {
      const box = bounds(a);
      ctx.globalAlpha = 1;
      ctx.globalCompositeOperation = "source-over";
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1;
      ctx.strokeStyle = a.anchor_state === "check" ? "#b45309" : "#475569";
      ctx.strokeRect(box.x0 * width - 4, box.y0 * height - 4, (box.x1 - box.x0) * width + 8, (box.y1 - box.y0) * height + 8);
    }
    ctx.restore();
  }

  function noteMarker(a) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "annotate-note";
    button.dataset.id = a.id;
    button.dataset.anchor = a.anchor_state || "ok";
    button.dataset.mine = mine(a) ? "1" : "0";
    button.style.left = `${a.data.x * 100}%`;
    button.style.top = `${a.data.y * 100}%`;
    button.style.setProperty("--note-colour", a.colour);
    button.textContent = "✎";
    const label = mine(a) ? a.data.text : `${text("textBy", { name: a.author_name })}: ${a.data.text}`;
    button.title = label;
    button.setAttribute("aria-label", label);
    button.addEventListener("click", (event) => {
      if (state.tool === "eraser" && mine(a)) erase([a]);
      else openDialog(a);
      event.stopPropagation();
    });
    button.addEventListener("pointerdown", (event) => event.stopPropagation());
    return button;
  }

  function bounds(a) {
    const xs = [];
    const ys = [];
    for (const stroke of a.data.strokes || []) for (const [x, y] of stroke) { xs.push(x); ys.push(y); }
    for (const [x, y, w, h] of a.data.rects || []) { xs.push(x, x + w); ys.push(y, y + h); }
    if (a.kind === "note") { xs.push(a.data.x); ys.push(a.data.y); }
    return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
  }

  // --- hit testing (in pixels, so a thin line is as easy to hit as a thick one) ------------
  function hits(a, px, py, width, height) {
    const slack = HIT_PX + ((a.data.width || 0) * width) / 2;
    for (const [x, y, w, h] of a.data.rects || []) {
      if (px >= x * width - HIT_PX && px <= (x + w) * width + HIT_PX &&
          py >= y * height - HIT_PX && py <= (y + h) * height + HIT_PX) return true;
    }
    for (const stroke of a.data.strokes || []) {
      for (let i = 0; i < stroke.length; i += 1) {
        const [ax, ay] = stroke[i];
        const [bx, by] = stroke[Math.min(i + 1, stroke.length - 1)];
        if (segmentDistance(px, py, ax * width, ay * height, bx * width, by * height) <= slack) return true;
      }
    }
    return false;
  }

  function segmentDistance(px, py, ax, ay, bx, by) {
    const dx = bx - ax;
    const dy = by - ay;
    const length = dx * dx + dy * dy;
    const t = length ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length)) : 0;
    return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
  }

  // --- pointer input -----------------------------------------------------------------------
  function toPage(event) {
    const rect = layer.getBoundingClientRect();
    return [
      Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)),
      Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height)),
    ];
  }

  function accepts(event) {
    if (state.tool === "none") return false;
    // Stylus only: fingers and the palm resting on the glass never draw; they reach the
    // reader underneath (swipe to turn the page).
    return !(state.stylusOnly && event.pointerType !== "pen");
  }

  function point(event) {
    const [x, y] = toPage(event);
    const pressure = event.pointerType === "pen" && event.pressure > 0 ? Math.round(event.pressure * 100) / 100 : undefined;
    return pressure === undefined ? [round(x), round(y)] : [round(x), round(y), pressure];
  }

  const round = (v) => Math.round(v * 100000) / 100000;

  layer.addEventListener("pointerdown", (event) => {
    if (!accepts(event)) return;
    event.stopPropagation();
    event.preventDefault();
    layer.setPointerCapture(event.pointerId);
    if (state.tool === "pen" || state.tool === "highlight") {
      state.drawing = {
        id: uuid4(),
        pointerId: event.pointerId,
        version_id: state.versionId,
        page: currentPage(),
        kind: state.tool === "pen" ? "ink" : "highlight",
        colour: state.colour,
        data: { strokes: [[point(event)]], width: state.tool === "pen" ? PEN_WIDTH : HIGHLIGHT_WIDTH },
      };
      redraw();
    } else if (state.tool === "eraser") {
      eraseAt(event);
    }
  });

  layer.addEventListener("pointermove", (event) => {
    if (!accepts(event)) return;
    event.stopPropagation();
    if (state.tool === "eraser" && event.buttons) {
      eraseAt(event);
      return;
    }
    const drawing = state.drawing;
    if (!drawing || drawing.pointerId !== event.pointerId) return;
    const stroke = drawing.data.strokes[0];
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
    for (const e of events.length ? events : [event]) {
      const next = point(e);
      const last = stroke.at(-1);
      if (Math.hypot(next[0] - last[0], next[1] - last[1]) < MIN_STEP) continue;
      stroke.push(next);
      if (stroke.length >= state.limits.points) {
        // A very long stroke is saved in parts rather than refused.
        finishStroke();
        state.drawing = { ...drawing, id: uuid4(), data: { ...drawing.data, strokes: [[next]] } };
        return;
      }
    }
    redraw();
  });

  function finishStroke() {
    const drawing = state.drawing;
    state.drawing = null;
    if (!drawing) return;
    const { pointerId: _pointer, ...annotation } = drawing;
    commit(
      { ...annotation, visibility: "private", deleted: false, author_id: memberId, anchor_state: "ok" },
      null,
    );
  }

  function pointerEnd(event) {
    if (!accepts(event)) return;
    event.stopPropagation();
    if (state.drawing && state.drawing.pointerId === event.pointerId) finishStroke();
    else if (event.type === "pointerup" && state.tool === "note") {
      const [x, y] = toPage(event);
      openDialog(null, { x: round(x), y: round(y) });
    } else if (event.type === "pointerup" && state.tool === "select") {
      const found = topmostAt(event);
      if (found) openDialog(found);
    }
  }
  layer.addEventListener("pointerup", pointerEnd);
  layer.addEventListener("pointercancel", (event) => {
    if (state.drawing && state.drawing.pointerId === event.pointerId) finishStroke();
  });

  function underPointer(event) {
    const rect = layer.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    return visibleOnPage().filter((a) => a.kind !== "note" && hits(a, px, py, rect.width, rect.height));
  }

  function topmostAt(event) {
    return underPointer(event).at(-1) || null;
  }

  function eraseAt(event) {
    erase(underPointer(event).filter(mine));
  }

  function erase(items) {
    for (const a of items) commit({ ...a, deleted: true }, a);
  }

  // --- highlighting selected text --------------------------------------------------------------
  function highlightSelection() {
    const selection = window.getSelection();
    const textLayer = document.getElementById("reader-text");
    if (!selection || selection.isCollapsed || !textLayer || !textLayer.contains(selection.anchorNode)) return false;
    const box = pageBox.getBoundingClientRect();
    const rects = [];
    for (let i = 0; i < selection.rangeCount; i += 1) {
      for (const r of selection.getRangeAt(i).getClientRects()) {
        if (r.width < 1 || r.height < 1) continue;
        rects.push([
          round((r.left - box.left) / box.width),
          round((r.top - box.top) / box.height),
          round(r.width / box.width),
          round(r.height / box.height),
        ]);
      }
    }
    if (!rects.length) return false;
    selection.removeAllRanges();
    commit(
      {
        id: uuid4(),
        version_id: state.versionId,
        page: currentPage(),
        kind: "highlight",
        colour: state.colour,
        data: { rects: rects.slice(0, state.limits.strokes) },
        visibility: "private",
        deleted: false,
        author_id: memberId,
        anchor_state: "ok",
      },
      null,
    );
    return true;
  }

  // --- changes: local first, then the queue, then the server -------------------------------
  function payloadOf(a) {
    return {
      page: a.page,
      kind: a.kind,
      data: a.data,
      colour: a.colour,
      visibility: a.visibility,
      deleted: Boolean(a.deleted),
      client_updated_at: a.client_updated_at,
    };
  }

  async function commit(next, before, { record = true } = {}) {
    const annotation = {
      ...next,
      author_id: memberId,
      client_updated_at: new Date().toISOString(),
    };
    state.annotations.set(annotation.id, annotation);
    if (record) {
      state.undo.push({ before, after: annotation });
      state.redo = [];
    }
    updateUndo();
    redraw();
    const existing = await store.get(annotation.id);
    await store.put({
      id: annotation.id,
      memberId,
      versionId: annotation.version_id,
      // The revision this change builds on is the one known when it was first queued:
      // a later live update must not make an older edit look newer (services.py's rule).
      base: existing ? existing.base : state.serverRevision.get(annotation.id) || 0,
      payload: payloadOf(annotation),
      stamp: uuid4(),
      queuedAt: existing ? existing.queuedAt : Date.now(),
    });
    drain();
  }

  async function pendingEntries() {
    return (await store.all()).filter((entry) => entry.memberId === memberId);
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

  const handedOver = new Map(); // annotation id -> stamp tried offline (and so queued by the SW)

  async function drain() {
    if (state.draining) return;
    state.draining = true;
    clearTimeout(state.retryTimer);
    try {
      let failed = false;
      for (const entry of await pendingEntries()) {
        // Offline, each change is tried once: the service worker keeps a copy to send when
        // the network is back, from any page (sw-extra.js).
        if (!navigator.onLine && handedOver.get(entry.id) === entry.stamp) continue;
        let response;
        try {
          response = await fetch(`/annotations/v/${entry.versionId}/${entry.id}/`, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
            body: JSON.stringify({ ...entry.payload, base_revision: entry.base }),
          });
        } catch {
          // Offline or the server is away: keep everything, try again later.
          handedOver.set(entry.id, entry.stamp);
          failed = true;
          continue;
        }
        if (response.status >= 500 || response.status === 429) {
          scheduleRetry();
          break;
        }
        const body = await response.json().catch(() => ({}));
        const removed = await store.remove(entry.id, entry.stamp);
        if (!response.ok) {
          // Refused for good (a bound, a permission): retrying cannot help. Show why and
          // go back to the server's state.
          say(body.error || text("textRefused"));
          state.annotations.delete(entry.id);
          reload();
          continue;
        }
        state.retry = 0;
        const saved = body.annotation;
        state.serverRevision.set(saved.id, saved.revision);
        if (removed) state.annotations.set(saved.id, saved);
        else await store.update(entry.id, { base: saved.revision }); // edited again meanwhile
        if (body.outcome === "conflict") {
          // Our erase lost to an edit made elsewhere, or our edit brought back a mark erased
          // elsewhere: either way nothing vanished, and the delegate is told.
          say(entry.payload.deleted ? text("textSavedElsewhere") : text("textRestored"));
        }
        redraw();
      }
      if (failed && navigator.onLine) scheduleRetry(); // offline: the "online" event drains
    } finally {
      state.draining = false;
      await showPending();
    }
  }

  function scheduleRetry() {
    clearTimeout(state.retryTimer);
    const delay = RETRY_MS[Math.min(state.retry, RETRY_MS.length - 1)];
    state.retry += 1;
    state.retryTimer = setTimeout(drain, delay);
  }

  // --- loading a version ---------------------------------------------------------------------
  async function load(versionId) {
    state.versionId = versionId;
    $("annotate-export").href = `/annotations/v/${versionId}/annotated.pdf`;
    let list = null;
    try {
      const response = await fetch(`/annotations/v/${versionId}/`, { credentials: "same-origin" });
      if (response.ok) {
        const body = await response.json();
        list = body.annotations;
        store.saveList(cacheKey(versionId), list).catch(() => {});
      }
    } catch {
      // offline: fall back to the last list this tablet saw
    }
    if (list === null) list = (await store.loadList(cacheKey(versionId)).catch(() => null)) || [];
    if (state.versionId !== versionId) return;
    state.annotations = new Map(list.map((a) => [a.id, a]));
    for (const a of list) state.serverRevision.set(a.id, Math.max(a.revision, state.serverRevision.get(a.id) || 0));
    // Unsent changes of this tablet are newer than anything the server could send.
    for (const entry of await pendingEntries()) {
      if (entry.versionId !== versionId) continue;
      state.annotations.set(entry.id, { ...entry.payload, id: entry.id, version_id: versionId, author_id: memberId, anchor_state: (state.annotations.get(entry.id) || {}).anchor_state || "ok" });
    }
    state.loadedVersion = versionId;
    tools.dataset.loadedVersion = String(versionId);
    redraw();
    showPending();
  }

  function reload() {
    if (state.versionId) load(state.versionId);
  }

  // --- live updates --------------------------------------------------------------------------
  async function applyOwn(annotation) {
    state.serverRevision.set(annotation.id, Math.max(annotation.revision, state.serverRevision.get(annotation.id) || 0));
    if (annotation.version_id !== state.versionId) return;
    if (await store.get(annotation.id)) return; // this tablet's unsent edit is newer
    const known = state.annotations.get(annotation.id);
    if (known && known.revision > annotation.revision) return;
    state.annotations.set(annotation.id, annotation);
    redraw();
  }

  function applyShared(data) {
    if (data.author_id === memberId || data.version_id !== state.versionId) return;
    if (data.annotation === null) state.annotations.delete(data.id);
    else state.annotations.set(data.id, data.annotation);
    redraw();
  }

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

  // --- following the reader --------------------------------------------------------------------
  function follow() {
    const reader = window.councilReader;
    const versionId = reader && reader.versionId;
    if (versionId && versionId !== state.versionId) load(versionId);
    else redraw();
  }
  new MutationObserver(follow).observe(root, { attributes: true, attributeFilter: ["data-rendered-page", "data-state"] });
  new MutationObserver(redraw).observe(pageBox, { attributes: true, attributeFilter: ["style"] });
  window.addEventListener("resize", redraw);

  // --- the toolbar -------------------------------------------------------------------------------
  function setTool(tool) {
    state.tool = tool;
    layer.dataset.tool = tool;
    for (const button of tools.querySelectorAll(".annotate-tool")) {
      button.setAttribute("aria-pressed", String(button.dataset.tool === tool));
    }
    if (tool === "highlight") highlightSelection();
  }
  for (const button of tools.querySelectorAll(".annotate-tool")) {
    // pointerdown would clear the text selection the highlighter is about to use.
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => setTool(button.dataset.tool));
  }
  for (const swatch of tools.querySelectorAll(".annotate-colour")) {
    swatch.style.setProperty("--swatch", swatch.dataset.colour);
    swatch.addEventListener("mousedown", (event) => event.preventDefault());
    swatch.addEventListener("click", () => {
      state.colour = swatch.dataset.colour;
      for (const other of tools.querySelectorAll(".annotate-colour")) {
        other.setAttribute("aria-pressed", String(other === swatch));
      }
      if (state.tool === "highlight") highlightSelection();
    });
  }
  const stylus = $("annotate-stylus");
  const applyStylus = () => {
    stylus.setAttribute("aria-pressed", String(state.stylusOnly));
    layer.dataset.stylusOnly = state.stylusOnly ? "1" : "0";
  };
  stylus.addEventListener("click", () => {
    state.stylusOnly = !state.stylusOnly;
    localStorage.setItem("annotate:stylus", state.stylusOnly ? "1" : "0");
    applyStylus();
  });
  applyStylus();

  function updateUndo() {
    $("annotate-undo").disabled = !state.undo.length;
    $("annotate-redo").disabled = !state.redo.length;
  }
  $("annotate-undo").addEventListener("click", () => {
    const step = state.undo.pop();
    if (!step) return;
    state.redo.push(step);
    commit(step.before ? { ...step.before, deleted: false } : { ...step.after, deleted: true }, null, { record: false });
  });
  $("annotate-redo").addEventListener("click", () => {
    const step = state.redo.pop();
    if (!step) return;
    state.undo.push(step);
    commit(step.after, null, { record: false });
  });
  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.target.closest("input, textarea")) return;
    if (event.key === "z" && !event.shiftKey) $("annotate-undo").click();
    else if (event.key === "y" || (event.key === "z" && event.shiftKey)) $("annotate-redo").click();
  });

  // --- the note / details dialog -----------------------------------------------------------------
  const dialog = $("annotate-dialog");
  const noteText = $("annotate-dialog-text");
  let dialogTarget = null;

  function openDialog(annotation, spot = null) {
    dialogTarget = { annotation, spot };
    const own = !annotation || mine(annotation);
    const isNote = !annotation || annotation.kind === "note";
    $("annotate-dialog-author").textContent = own ? "" : text("textBy", { name: annotation.author_name });
    const anchor = annotation && annotation.anchor_state !== "ok" ? annotation.anchor_state : "";
    $("annotate-dialog-anchor").textContent = anchor === "check" ? text("textCheck") : anchor === "moved" ? text("textMoved") : "";
    $("annotate-dialog-text-label").hidden = !isNote;
    noteText.value = annotation && isNote ? annotation.data.text : "";
    noteText.readOnly = !own;
    $("annotate-dialog-share").hidden = !own;
    for (const radio of dialog.querySelectorAll("input[name=visibility]")) {
      radio.checked = radio.value === ((annotation && annotation.visibility) || "private");
    }
    $("annotate-dialog-save").hidden = !own;
    $("annotate-dialog-erase").hidden = !own || !annotation;
    dialog.returnValue = "";
    dialog.showModal();
    if (own && isNote) noteText.focus();
  }

  dialog.addEventListener("close", () => {
    const target = dialogTarget;
    dialogTarget = null;
    if (!target) return;
    const { annotation, spot } = target;
    const checked = dialog.querySelector("input[name=visibility]:checked");
    const visibility = checked ? checked.value : "private";
    if (dialog.returnValue === "erase" && annotation) {
      erase([annotation]);
    } else if (dialog.returnValue === "save") {
      const body = noteText.value.trim();
      if (!annotation && spot && body) {
        commit(
          {
            id: uuid4(),
            version_id: state.versionId,
            page: currentPage(),
            kind: "note",
            colour: state.colour,
            data: { x: spot.x, y: spot.y, text: body },
            visibility,
            deleted: false,
            author_id: memberId,
            anchor_state: "ok",
          },
          null,
        );
      } else if (annotation && mine(annotation)) {
        const data = annotation.kind === "note" && body ? { ...annotation.data, text: body } : annotation.data;
        if (data !== annotation.data || visibility !== annotation.visibility) {
          commit({ ...annotation, data, visibility }, annotation);
        }
      }
    }
  });

  // --- go ------------------------------------------------------------------------------------------
  setTool("none");
  updateUndo();
  follow();
  drain();
}
