import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "src/web/dist/", "coverage/", "test-artifacts/", "bench/out/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "always" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  {
    // Dependencies point one way: the core (domain, stats, production) and the libraries around it
    // never import a shell (cli/, api/, web/). Shells import them, and each other only through src/.
    files: ["src/{domain,stats,production,area,figures,imagery,raster,io,store,survey}/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)(cli|api|web)/",
              message: "the core does not import the shells (src/cli, src/api, src/web); move the shared piece into src/ (domain, io, ...) instead",
            },
          ],
        },
      ],
    },
  },
  {
    // The report, change, routes, queue and web-build rooms are used by the CLI and the API, so they import
    // neither (the report may use the dashboard's chart functions in src/web/charts: data in, Plot options out).
    files: ["src/{report,change,routes,queue,web-build}/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)(cli|api)/",
              message: "report, change, routes, queue and web-build do not import the shells (src/cli, src/api); move the shared piece into a neutral room",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
