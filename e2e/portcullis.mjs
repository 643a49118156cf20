// Starting the real `portcullis` binary for the tests: `serve --demo` on ports the
// system picks (port 0), in a fresh data directory, so test files that run at the same
// time never collide. Not a test file itself (node --test runs *.test.mjs).

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { createHmac } from "node:crypto";

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
    ["serve", "--demo", "--listen", "127.0.0.1:0", "--demo-api-port", "0", "--demo-spa-port", "0", "--demo-corp-port", "0", "--data-dir", dataDir, ...extraArgs],
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

/** Runs a CLI command with extra environment variables (e.g. a new user's password). */
export function cliWithEnv(dataDir, env, ...args) {
  return execFileSync(bin, [...args, "--data-dir", dataDir], {
    env: { ...process.env, PORTCULLIS_LOG: "warn", ...env },
  }).toString();
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s steps) of a base32 `secret` at `unixSeconds`. */
export function totp(secret, unixSeconds) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/=+$/, "").toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}
