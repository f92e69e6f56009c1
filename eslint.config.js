import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      "reports/",
      "coverage/",
      "test/artifacts/",
      "src/**/*.as.ts",
      "src/engine/rule-validator.generated.ts",
      "src/engine/checked-templates.generated.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    files: ["**/*.mjs", "**/*.js", "**/*.cjs"],
    languageOptions: { globals: globals.node },
  },
  {
    // The report's progressive-enhancement script runs in the browser.
    files: ["templates/**/*.js"],
    languageOptions: { globals: globals.browser },
  },
);
