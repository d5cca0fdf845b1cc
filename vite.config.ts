/**
 * Vite build of the dashboard: sources in src/web, output in src/web/dist (served by `coca serve`).
 * Everything the page needs is bundled; nothing is fetched from the internet at run time.
 */
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL("./src/web", import.meta.url)),
  base: "/",
  publicDir: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
    // The dashboard, and the page `coca report` lays the annual report out in (src/web/report-page.ts).
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL("./src/web/index.html", import.meta.url)),
        report: fileURLToPath(new URL("./src/web/report.html", import.meta.url)),
      },
    },
  },
  server: {
    proxy: { "/v1": "http://localhost:8080", "/openapi.json": "http://localhost:8080" },
  },
});
