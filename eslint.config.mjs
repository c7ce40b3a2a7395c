import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "lib/generated/**",
      ".next/**",
      "node_modules/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "*.mjs",
      "scripts/*.mjs",
      "lib/*.mjs",
      "bin/*.mjs",
      "vitest.config.mts",
      "dist/**",
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
    },
  },
  {
    // Test doubles implement async interfaces without awaiting anything.
    files: ["**/*.test.ts", "**/test-*.ts", "lib/test/**", "lib/server/hardening/**"],
    rules: { "@typescript-eslint/require-await": "off", "@typescript-eslint/unbound-method": "off" },
  },
  {
    // Configuration is read in one place, validated once (lib/env.ts). Tests, benchmarks and
    // test tooling set up environments for the processes they start and may touch it.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "scripts/**/*.ts", "proxy.ts"],
    ignores: [
      "lib/env.ts",
      "lib/cab/test-tools.ts",
      "**/*.test.ts",
      "lib/test/**",
      "lib/server/hardening/**",
      "scripts/bench-*.ts",
      "scripts/load-pbs.ts",
      "scripts/screenshots.ts",
      "scripts/with-test-postgres.ts",
      // The CLI runs on an operator's machine and reads PBA_URL/PBA_TOKEN (lib/cli/cli-env.ts).
      "scripts/pba.ts",
    ],
    rules: {
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read configuration through env() from lib/env.ts: it is validated once, with one message per bad variable.",
        },
      ],
    },
  },
);
