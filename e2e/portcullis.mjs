// Starting the real `portcullis` binary for the tests: `serve --demo` on ports the
// system picks (port 0), in a fresh data directory, so test files that run at the same
// time never collide. Not a test file itself (node --test runs *.test.mjs).

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const here = dirname(fileURLToPath(import.meta.url));

/** The binary under test. */
export const bin = process.env.PORTCULLIS_BIN || join(here, "..", "target", "debug", "portcullis");

/** The demo's API audience and its public browser client. */
export const DEMO_AUDIENCE = "https://hello-world.example.com";
export const DEMO_CLIENT = "demo-spa";

/**
 * Starts `portcullis serve --demo` (with `extraArgs`); resolves once it prints where the
 * issuer and the demo app are: { child, issuer, spa, dataDir }.
 */
export function startDemo(extraArgs = []) {
  const dataDir = mkdtempSync(join(tmpdir(), "portcullis-e2e-"));
  const child = spawn(
    bin,
    ["serve", "--demo", "--listen", "127.0.0.1:0", "--demo-api-port", "0", "--demo-spa-port", "0", "--data-dir", dataDir, ...extraArgs],
    { env: { ...process.env, PORTCULLIS_LOG: "warn" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the demo did not start")), 30_000);
    child.on("exit", (code) => reject(new Error(`the demo exited with ${code}`)));
    let issuer;
    createInterface({ input: child.stdout }).on("line", (line) => {
      const iss = line.match(/^Portcullis issuer: (\S+)/);
      if (iss) issuer = iss[1];
      const spa = line.match(/The demo app: open (http:\/\/localhost:\d+)/);
      if (spa) {
        clearTimeout(timer);
        resolve({ child, issuer, spa: spa[1], dataDir });
      }
    });
  });
}

/** Runs a CLI command against the demo's data directory; returns its standard output. */
export function cli(dataDir, ...args) {
  return execFileSync(bin, [...args, "--data-dir", dataDir], {
    env: { ...process.env, PORTCULLIS_LOG: "warn" },
  }).toString();
}
