#!/usr/bin/env node
// Copy the vendored browser files from node_modules into static/vendor/.
//
// Why: council halls may have no internet, so nothing may come from a CDN;
// Django (whitenoise) serves these files itself. static/vendor/ is git-ignored
// and rebuilt by `make` (see frontend.mk). No dependencies beyond Node itself.
//
// Copied: htmx.min.js, ws.js (htmx WebSocket extension), sortable/sortable.esm.js, pdfjs/pdf.min.mjs,
// pdfjs/pdf.worker.min.mjs, pdfjs/pdf_viewer.mjs (its find controller) and the pdf.js data folders (cmaps, standard_fonts,
// wasm, iccs) that exist in the installed pdfjs-dist. Not copied: legacy/
// builds, unminified builds and source maps.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NM = path.join(ROOT, 'node_modules');
const OUT = path.join(ROOT, 'static', 'vendor');

function die(msg) {
  console.error(`build_frontend: ERROR: ${msg}`);
  process.exit(1);
}

if (!fs.existsSync(NM)) {
  die(`${NM} is missing. Run \`npm ci\` (or \`make static/vendor/.built\`) first.`);
}

function pkgVersion(name) {
  const pj = path.join(NM, name, 'package.json');
  if (!fs.existsSync(pj)) die(`package ${name} is not installed in node_modules (run \`npm ci\`).`);
  return JSON.parse(fs.readFileSync(pj, 'utf8')).version;
}

// First existing candidate, relative to node_modules.
function pick(...candidates) {
  for (const c of candidates) {
    const p = path.join(NM, c);
    if (fs.existsSync(p)) return p;
  }
  die(`none of these files exist: ${candidates.join(', ')}`);
}

let files = 0;
let bytes = 0;

function copyFile(src, dest) {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(src, dest);
  files += 1;
  bytes += fs.statSync(dest).size;
}

// Recursive copy that skips source maps.
function copyDir(src, dest) {
  for (const ent of fs.readdirSync(src, { withFileTypes: true })) {
    const s = path.join(src, ent.name);
    const d = path.join(dest, ent.name);
    if (ent.isDirectory()) copyDir(s, d);
    else if (ent.isFile() && !ent.name.endsWith('.map')) copyFile(s, d);
  }
}

const versions = {
  'htmx.org': pkgVersion('htmx.org'),
  'htmx-ext-ws': pkgVersion('htmx-ext-ws'),
  'pdfjs-dist': pkgVersion('pdfjs-dist'),
  'libsodium-wrappers': pkgVersion('libsodium-wrappers'),
  'workbox-background-sync': pkgVersion('workbox-background-sync'),
  sortablejs: pkgVersion('sortablejs'),
};

// Remove only what this script owns, so stale files from an older pdf.js do not
// linger; sw.js / workbox-*.js belong to build_sw.mjs and are left alone.
fs.mkdirSync(OUT, { recursive: true });
for (const p of ['htmx.min.js', 'ws.js', 'pdfjs', 'sodium', 'workbox', 'sortable']) {
  fs.rmSync(path.join(OUT, p), { recursive: true, force: true });
}

copyFile(pick('htmx.org/dist/htmx.min.js'), path.join(OUT, 'htmx.min.js'));
copyFile(pick('htmx-ext-ws/dist/ws.js', 'htmx-ext-ws/ws.js'), path.join(OUT, 'ws.js'));

const PDFJS = path.join(NM, 'pdfjs-dist');
copyFile(pick('pdfjs-dist/build/pdf.min.mjs'), path.join(OUT, 'pdfjs', 'pdf.min.mjs'));
copyFile(pick('pdfjs-dist/build/pdf.worker.min.mjs'), path.join(OUT, 'pdfjs', 'pdf.worker.min.mjs'));
// The viewer components: the reader uses pdf.js's find controller (static/js/reader-find.js).
copyFile(pick('pdfjs-dist/web/pdf_viewer.mjs'), path.join(OUT, 'pdfjs', 'pdf_viewer.mjs'));
if (fs.existsSync(path.join(PDFJS, 'LICENSE'))) {
  copyFile(path.join(PDFJS, 'LICENSE'), path.join(OUT, 'pdfjs', 'LICENSE'));
}
const dirs = [];
for (const d of ['cmaps', 'standard_fonts', 'wasm', 'iccs']) {
  const src = path.join(PDFJS, d);
  if (fs.existsSync(src)) {
    copyDir(src, path.join(OUT, 'pdfjs', d));
    dirs.push(`${d}/`);
  }
}

// libsodium (sealed secret ballots, static/js/ballot-seal.js): the ESM wrapper imports the
// bare name "libsodium"; browsers need a path, so the copy imports its sibling file.
const SODIUM = path.join(OUT, 'sodium');
copyFile(pick('libsodium/dist/modules-esm/libsodium.mjs'), path.join(SODIUM, 'libsodium.mjs'));
const wrappers = fs.readFileSync(
  pick('libsodium-wrappers/dist/modules-esm/libsodium-wrappers.mjs'), 'utf8');
const rewritten = wrappers.replace(/from\s*"libsodium"/, 'from"./libsodium.mjs"');
if (rewritten === wrappers) die('libsodium-wrappers no longer imports "libsodium" as expected');
fs.writeFileSync(path.join(SODIUM, 'libsodium-wrappers.mjs'), rewritten);
files += 1;
for (const name of ['libsodium', 'libsodium-wrappers']) {
  const license = path.join(NM, name, 'LICENSE');
  if (fs.existsSync(license)) copyFile(license, path.join(SODIUM, `LICENSE.${name}`));
}

// Workbox's background sync for the service worker (static/js/sw-extra.js loads both with
// importScripts): annotations made offline are sent when the tablet is back online, on any
// page. The generated sw.js inlines only the Workbox modules its own routes use.
for (const name of ['workbox-core', 'workbox-background-sync']) {
  copyFile(pick(`${name}/build/${name}.prod.js`), path.join(OUT, 'workbox', `${name}.prod.js`));
}

// SortableJS (drag-and-drop reordering of agenda items and documents, static/js/reorder.js):
// its ES module build, imported by path.
copyFile(pick('sortablejs/modular/sortable.esm.js'), path.join(OUT, 'sortable', 'sortable.esm.js'));
if (fs.existsSync(path.join(NM, 'sortablejs', 'LICENSE'))) {
  copyFile(path.join(NM, 'sortablejs', 'LICENSE'), path.join(OUT, 'sortable', 'LICENSE'));
}

const rel = path.relative(ROOT, OUT) || '.';
console.log(
  `build_frontend: copied ${files} files (${(bytes / 1024 / 1024).toFixed(1)} MiB) to ${rel}/: ` +
    `htmx.min.js (htmx.org ${versions['htmx.org']}), ws.js (htmx-ext-ws ${versions['htmx-ext-ws']}), ` +
    `pdfjs/pdf.min.mjs + pdf.worker.min.mjs + ${dirs.join(' ')} (pdfjs-dist ${versions['pdfjs-dist']}), ` +
    `sodium/ (libsodium-wrappers ${versions['libsodium-wrappers']}), ` +
    `workbox/ (workbox-background-sync ${versions['workbox-background-sync']}), ` +
    `sortable/sortable.esm.js (sortablejs ${versions.sortablejs})`,
);
