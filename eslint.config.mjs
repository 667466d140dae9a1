// ESLint for the browser code (static/js), its tests (tests/js) and the build scripts, as
// strict as ruff is on the Python side: `make lint-js` (part of `make lint`, run by CI).
import js from "@eslint/js";
import globals from "globals";

// State is shared through imports, never through window: no window.council* (issue 21).
const noWindowState = [
  {
    selector: "MemberExpression[object.name='window'][property.name=/^council/]",
    message: "Share state through an ES module import, not window.council*.",
  },
  {
    selector: "MemberExpression[object.name='globalThis'][property.name=/^council/]",
    message: "Share state through an ES module import, not globalThis.council*.",
  },
];

const strict = {
  ...js.configs.recommended.rules,
  "no-undef": "error",
  "no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
  eqeqeq: ["error", "always"],
  "prefer-const": "error",
  "no-implicit-globals": "error",
  "no-var": "error",
  "no-restricted-syntax": ["error", ...noWindowState],
};

export default [
  { ignores: ["static/vendor/**", "staticfiles/**", "node_modules/**", ".venv/**", "var/**"] },
  {
    files: ["static/js/**/*.js"],
    ignores: ["static/js/sw-extra.js"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: { ...globals.browser } },
    rules: strict,
  },
  {
    // Runs inside the service worker (importScripts): a classic worker script.
    files: ["static/js/sw-extra.js"],
    languageOptions: { ecmaVersion: 2024, sourceType: "script", globals: { ...globals.serviceworker } },
    rules: { ...strict, "no-implicit-globals": "off" },
  },
  {
    files: ["tests/js/**/*.mjs", "scripts/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: { ...globals.node } },
    rules: strict,
  },
];
