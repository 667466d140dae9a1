// The shape of the browser code (issue 21): ES modules only, no state on window, small
// files, and templates that load modules that exist.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const JS = path.join(ROOT, "static/js");
const MAX_LINES = 300;
// Runs inside the service worker (importScripts), never in a page: a classic script.
const CLASSIC = new Set(["sw-extra.js"]);

function walk(dir, keep) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ["node_modules", "vendor", "staticfiles", ".venv", ".git", "var"].includes(entry.name) ? [] : walk(full, keep);
    return keep(full) ? [full] : [];
  });
}

const modules = walk(JS, (f) => f.endsWith(".js"));
const rel = (f) => path.relative(JS, f);
const templates = walk(ROOT, (f) => f.endsWith(".html") && f.includes(`${path.sep}templates${path.sep}`));

test("there are browser modules to check", () => {
  assert.ok(modules.length > 20, `found ${modules.length}`);
  assert.ok(templates.length > 20, `found ${templates.length}`);
});

test("no window.council* (state is shared through imports)", () => {
  for (const file of modules) {
    assert.doesNotMatch(fs.readFileSync(file, "utf8"), /\b(window|globalThis)\s*\.\s*council/, rel(file));
  }
});

test(`every browser file is under ${MAX_LINES} lines`, () => {
  for (const file of modules) {
    const lines = fs.readFileSync(file, "utf8").split("\n").length;
    assert.ok(lines < MAX_LINES, `${rel(file)} has ${lines} lines`);
  }
});

test("every page script is an ES module: no IIFE, no 'use strict' wrapper", () => {
  for (const file of modules) {
    if (CLASSIC.has(rel(file))) continue;
    const source = fs.readFileSync(file, "utf8");
    assert.doesNotMatch(source, /^\(\(\) => \{/m, `${rel(file)} wraps itself in an IIFE`);
    assert.doesNotMatch(source, /^\s*["']use strict["'];/m, `${rel(file)}: modules are strict already`);
  }
});

test("templates load static/js files only as modules, and those files exist", () => {
  let seen = 0;
  for (const file of templates) {
    const html = fs.readFileSync(file, "utf8");
    for (const tag of html.match(/<script\b[^>]*>/g) || []) {
      const src = /static ['"]js\/([^'"]+)['"]/.exec(tag);
      if (!src) continue;
      seen += 1;
      assert.match(tag, /type="module"/, `${path.relative(ROOT, file)}: ${tag}`);
      assert.ok(fs.existsSync(path.join(JS, src[1])), `${path.relative(ROOT, file)} loads a missing js/${src[1]}`);
      assert.ok(!CLASSIC.has(src[1]), `${src[1]} is not a page script`);
    }
  }
  assert.ok(seen > 15, `found ${seen} script tags`);
});

test("relative imports resolve to files that exist", () => {
  for (const file of modules) {
    for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)\b[^"']*["'](\.{1,2}\/[^"']+)["']/gm)) {
      assert.ok(fs.existsSync(path.resolve(path.dirname(file), spec)), `${rel(file)} imports a missing ${spec}`);
    }
  }
});

test("the linter refuses window.council* and globals made by accident", async () => {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText("window.councilReader = {};\nvar leaked = 1;\n", {
    filePath: path.join(JS, "example.js"),
  });
  const rules = result.messages.map((m) => m.ruleId);
  assert.ok(rules.includes("no-restricted-syntax"), JSON.stringify(result.messages));
  assert.ok(rules.includes("no-var"), JSON.stringify(result.messages));
});
