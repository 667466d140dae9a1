#!/usr/bin/env node
// Generate the service worker with Workbox generateSW (workbox-build; offline,
// no network needed) into static/vendor/sw.js.
//
// Why: tablets must open the app shell, the sitting pages and the sitting PDFs
// when the hall has no network. Django serves this file at the site root
// (/sw.js) so that its scope is "/"; the Workbox runtime is inlined into
// sw.js (inlineWorkboxRuntime) so that no relative importScripts() of a
// workbox-*.js file has to resolve against /. Hand-written SW code (message
// handler for caching sitting documents) lives in static/js/sw-extra.js and
// is pulled in with importScripts.
//
// Run after scripts/build_frontend.mjs (the vendored files must exist to be
// precached). Normally run by `make static/vendor/.built` (frontend.mk).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATIC = path.join(ROOT, 'static');
const VENDOR = path.join(STATIC, 'vendor');
const SW_DEST = path.join(VENDOR, 'sw.js');

function die(msg) {
  console.error(`build_sw: ERROR: ${msg}`);
  process.exit(1);
}

if (!fs.existsSync(path.join(ROOT, 'node_modules', 'workbox-build'))) {
  die('node_modules/workbox-build is missing. Run `npm ci` (or `make static/vendor/.built`) first.');
}
for (const f of ['htmx.min.js', 'ws.js', 'pdfjs/pdf.min.mjs', 'pdfjs/pdf.worker.min.mjs', 'pdfjs/pdf_viewer.mjs', 'workbox/workbox-background-sync.prod.js']) {
  if (!fs.existsSync(path.join(VENDOR, f))) {
    die(`static/vendor/${f} is missing. Run \`node scripts/build_frontend.mjs\` first.`);
  }
}

const { default: workboxBuild } = await import('workbox-build');

// Remove a previous build's output (also any workbox-*.js from a build without
// inlineWorkboxRuntime) so nothing stale is served.
for (const name of fs.readdirSync(VENDOR)) {
  if (name === 'sw.js' || name === 'sw.js.map' || /^workbox-.*\.js(\.map)?$/.test(name)) {
    fs.rmSync(path.join(VENDOR, name), { force: true });
  }
}

// Refuse to cache a response that arrived through a redirect (for example an
// expired session sent to the login page): it would be stored under the
// document's URL. Serialised into sw.js by Workbox, so it must be
// self-contained.
const noRedirectsPlugin = {
  cacheWillUpdate: async ({ response }) => (response && !response.redirected ? response : null),
};

const { count, size, warnings, filePaths } = await workboxBuild.generateSW({
  swDest: SW_DEST,
  mode: 'production',
  sourcemap: false,
  inlineWorkboxRuntime: true,

  // --- Precache: the app shell. Paths are relative to static/, URLs get the
  // /static/ prefix Django serves them under.
  globDirectory: STATIC,
  globPatterns: [
    'vendor/htmx.min.js',
    'vendor/ws.js',
    'vendor/pdfjs/pdf.min.mjs',
    'vendor/pdfjs/pdf.worker.min.mjs',
    'vendor/pdfjs/pdf_viewer.mjs',
    // libsodium for sealing secret ballots (static/js/ballot-seal.js, the room page).
    'vendor/sodium/*.mjs',
    'css/*.css',
    // Every browser module, lib/, live/, reader/, annotate/… included: an ES module's
    // imports must be cached too, or the page's entry module fails offline.
    'js/**/*.js',
    'icons/*.png',
    'manifest.webmanifest',
  ],
  // sw-extra.js runs inside the SW (importScripts), pages never load it.
  globIgnores: ['js/sw-extra.js'],
  modifyURLPrefix: { '': '/static/' },
  // pdf.worker.min.mjs is ~1.2 MB; Workbox's default limit is 2 MiB.
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,

  skipWaiting: true,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  // navigateFallback deliberately unset: the NetworkFirst "pages" route below
  // serves navigations offline from what was visited online.

  importScripts: ['/static/js/sw-extra.js'],

  // --- Runtime caching. Order matters: first match wins.
  runtimeCaching: [
    {
      // Sitting PDFs. CacheFirst: a document is fetched once, then read from
      // the tablet. RangeRequestsPlugin answers pdf.js's Range requests from the
      // cached full file. Only full 200 responses are stored (a 206 partial
      // is not), so a document is cached either by a plain (non-range) fetch
      // or by sw-extra.js's "cache-documents" message.
      urlPattern: /\/documents\/.+\/file\/?(?:\?.*)?$/,
      handler: 'CacheFirst',
      options: {
        cacheName: 'documents',
        matchOptions: { ignoreVary: true },
        rangeRequests: true,
        cacheableResponse: { statuses: [0, 200] },
        plugins: [noRedirectsPlugin],
      },
    },
    {
      // HTML pages (app shell, sitting pages): fresh when the network answers
      // within 3 s, else the last copy seen.
      urlPattern: ({ request }) => request.mode === 'navigate',
      handler: 'NetworkFirst',
      options: {
        cacheName: 'pages',
        networkTimeoutSeconds: 3,
        cacheableResponse: { statuses: [200] },
        plugins: [noRedirectsPlugin],
      },
    },
    {
      // pdf.js data files, fetched by pdf.js on demand (CJK cmaps, the 14
      // standard fonts, JPEG2000/JBIG2 decoders, ICC profiles).
      urlPattern: /\/static\/vendor\/pdfjs\/(?:cmaps|standard_fonts|wasm|iccs)\//,
      handler: 'CacheFirst',
      options: {
        cacheName: 'pdfjs-assets',
        cacheableResponse: { statuses: [0, 200] },
      },
    },
  ],
});

// Workbox warns (verbosely) about globs that match nothing, e.g. css/*.css
// before any stylesheet exists: say it in one line; pass other warnings on.
for (const w of warnings) {
  const m = /"globPattern": "([^"]+)"/.exec(w);
  console.warn(m ? `build_sw: note: nothing matches static/${m[1]} (not precached)` : `build_sw: warning: ${w}`);
}

// Sanity checks: the generated SW must not leak build-machine paths, and the
// runtime must be inlined (no workbox-*.js next to it).
const sw = fs.readFileSync(SW_DEST, 'utf8');
if (sw.includes(ROOT)) die(`${SW_DEST} contains the local path ${ROOT}`);
const written = filePaths.map((p) => path.relative(ROOT, p));
console.log(
  `build_sw: wrote ${written.join(', ')} (${(fs.statSync(SW_DEST).size / 1024).toFixed(1)} KiB); ` +
    `precaches ${count} URLs (${(size / 1024 / 1024).toFixed(2)} MiB)`,
);
