// The widget's linter (make lint): ESLint's recommended rules for the browser ES modules
// in widget/ and the Node unit tests in tests/.
import js from "@eslint/js";
import globals from "globals";

export default [
  // Vendored third-party code is linted by its authors.
  { ignores: ["widget/vendor/**", "node_modules/**"] },
  js.configs.recommended,
  {
    rules: {
      // Unused code is drift waiting to happen.
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-var": "error",
      "prefer-const": "error",
    },
  },
  {
    files: ["widget/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser },
    },
  },
  {
    // embed.js is a classic script that integrators paste into their pages, written for
    // browsers older than the widget's own (var, no modules).
    files: ["widget/embed.js"],
    languageOptions: { ecmaVersion: 5, sourceType: "script" },
    rules: { "no-var": "off" },
  },
  {
    files: ["tests/**/*.mjs", "eslint.config.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node },
    },
  },
];
