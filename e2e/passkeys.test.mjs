// Passkeys and two-step sign-in in a real browser: Chromium's virtual authenticator
// (the DevTools WebAuthn domain: CTAP2, internal transport, resident keys, user
// verification) stands in for the passkey. A user signs in to the demo app with a
// password, adds a passkey on the issuer's account security page, signs out, signs in
// with the passkey alone; then turns on an authenticator app (codes computed here, RFC
// 6238) and signs in with the password and a code, a replayed code refused, and with a
// recovery code. The tokens' `amr` says how each time.
//
//   PORTCULLIS_BIN=../target/debug/portcullis node --test

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startDemo } from "./portcullis.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, "artifacts");
mkdirSync(artifacts, { recursive: true });

const EMAIL = "user@example.com";
const PASSWORD = "demo-user-password";

let server;
let browser;
let spa;
let issuer;

before(async () => {
  // Passkeys need a host name: the issuer on localhost, its port chosen at start.
  const started = await startDemo(["--issuer", "http://localhost:0/"]);
  ({ spa, issuer } = started);
  server = started.child;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

const shot = (page, name) => page.screenshot({ path: join(artifacts, `passkeys-${name}.png`), fullPage: true });

/** RFC 6238 (HMAC-SHA-1, 6 digits, 30 s) for a base32 secret at `seconds`. */
function totp(secret, seconds) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/=+$/, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[19] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

/** The `amr` of the demo app's access token. */
async function amr(page) {
  const tokens = await page.evaluate(() => JSON.parse(sessionStorage.getItem("tokens")));
  const payload = JSON.parse(Buffer.from(tokens.access_token.split(".")[1], "base64url").toString());
  return payload.amr;
}

async function backInTheApp(page) {
  await page.waitForURL((url) => url.origin === new URL(spa).origin && url.pathname === "/");
  await page.waitForSelector(`#who:has-text("${EMAIL}")`);
}

async function signOut(page) {
  await page.click("#logout");
  await page.waitForURL((url) => url.origin === new URL(spa).origin);
  await page.waitForSelector('#who:has-text("not logged in")');
}

/** From the app to the hosted sign-in page, then the password. */
async function password(page) {
  await page.click("#login");
  await page.waitForURL(/\/authorize\?/);
  await page.fill("#email", EMAIL);
  await page.fill("#password", PASSWORD);
  await page.click("form[action='/authorize/login'] button[type=submit]");
}

test("a passkey signs in alone, then an authenticator app and recovery codes work as second factors", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  // Signed in with the password, the user adds a passkey on the account page.
  await page.goto(spa);
  await password(page);
  await backInTheApp(page);
  assert.deepEqual(await amr(page), ["pwd"]);
  await page.goto(`${issuer}account/security`);
  await page.waitForSelector("#passkey-add:not([hidden])");
  await page.fill("#passkey-name", "E2E laptop");
  await page.click("#passkey-add button[type=submit]");
  await page.waitForSelector('.passkey-name:has-text("E2E laptop")');
  await shot(page, "1-account-with-passkey");
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.equal(credentials[0].isResidentCredential, true, "a discoverable credential");

  // Signed out, the passkey alone signs in again.
  await page.goto(spa);
  await signOut(page);
  await page.click("#login");
  await page.waitForURL(/\/authorize\?/);
  // The browser's autofill (conditional mediation on the email field) may sign in at
  // once with the virtual authenticator; otherwise, the button.
  await Promise.race([
    backInTheApp(page),
    page.click("#passkey-button", { timeout: 10_000 }).catch(() => {}),
  ]);
  await backInTheApp(page);
  assert.deepEqual(await amr(page), ["hwk", "user", "mfa"]);
  await shot(page, "2-signed-in-with-passkey");
  // The passkey stays on the account; the authenticator goes, so that password sign-ins
  // below cannot be answered by it.
  await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId });

  // An authenticator app, turned on with a code computed here.
  await page.goto(`${issuer}account/security`);
  await page.click("form:has(input[value=start_totp]) button");
  await page.waitForSelector("#totp-qr svg");
  await shot(page, "4-totp-qr");
  const secret = (await page.textContent("#totp-secret")).trim();
  const now = Math.floor(Date.now() / 1000);
  const first = totp(secret, now);
  await page.fill("#totp-code", first);
  await page.click("form:has(input[value=confirm_totp]) button");
  await page.waitForSelector("#recovery-codes li");
  const recovery = (await page.$$eval("#recovery-codes li", (items) => items.map((i) => i.textContent.trim())));
  assert.equal(recovery.length, 10);
  await shot(page, "5-recovery-codes");

  // The password, then the code: a replayed code is refused, the next one signs in.
  await page.goto(spa);
  await signOut(page);
  await password(page);
  await page.waitForSelector("#code");
  await page.fill("#code", first);
  await page.click("form:has(#code) button[type=submit]");
  await page.waitForSelector('#error:has-text("Invalid code")');
  await shot(page, "6-replayed-code");
  await page.fill("#code", totp(secret, now + 30));
  await page.click("form:has(#code) button[type=submit]");
  await backInTheApp(page);
  assert.deepEqual(await amr(page), ["pwd", "otp", "mfa"]);

  // The password, then a recovery code.
  await signOut(page);
  await password(page);
  await page.waitForSelector("#code");
  await page.fill("#code", recovery[0]);
  await page.click("form:has(#code) button[type=submit]");
  await backInTheApp(page);
  assert.deepEqual(await amr(page), ["pwd", "mfa"]);
  await context.close();
});
