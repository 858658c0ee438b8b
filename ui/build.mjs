// Builds the window's pages into dist/ (embedded by the desktop crate), or with --tests the
// unit tests into dist-test/. Type-checking is `npm run check`.
import { build } from "esbuild";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";

const tests = process.argv.includes("--tests");
if (tests) {
  rmSync("dist-test", { recursive: true, force: true });
  const entries = readdirSync("tests")
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => `tests/${f}`);
  await build({
    entryPoints: entries,
    outdir: "dist-test",
    bundle: true,
    platform: "node",
    format: "esm",
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
  });
} else {
  rmSync("dist", { recursive: true, force: true });
  mkdirSync("dist");
  cpSync("static", "dist", { recursive: true });
  await build({
    entryPoints: ["src/main.ts"],
    outfile: "dist/app.js",
    bundle: true,
    format: "esm",
    target: "es2020",
    minify: false,
    sourcemap: false,
    logLevel: "warning",
  });
}
