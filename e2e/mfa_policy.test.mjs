// An organization that requires two-step verification, in a real browser: an
// administrator marks the demo's organization `acme` through the admin API; its member,
// who has no second factor, signs in to the demo app and is made to set up an
// authenticator app on the way (the code is computed here from the key the page shows,
// RFC 6238), sees the recovery codes once and arrives signed in. The next sign-in asks
// for a code.
//
//   PORTCULLIS_BIN=../target/debug/portcullis node --test mfa_policy.test.mjs
//
// Screenshots of every step go to e2e/artifacts/mfa-policy-*.png.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startDemo, cli, totp } from "./portcullis.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, "artifacts");
mkdirSync(artifacts, { recursive: true });

/** The demo's member of `acme` (no second factor) and its owner, the administrator. */
const MEMBER = { email: "user@example.com", password: "demo-user-password" };
const ADMIN = { email: "admin@example.com", password: "demo-admin-password" };

let demo;
let browser;

before(async () => {
  demo = await startDemo();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
});

after(async () => {
  await browser?.close();
  demo?.child.kill();
});

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `mfa-policy-${name}.png`), fullPage: true });
}

/** A request to the issuer; the status and the parsed body (if any). */
async function call(method, path, { body, token } = {}) {
  const res = await fetch(new URL(path, demo.issuer), {
    method,
    headers: {
      ...(body ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** An access token for the admin API: the administrator gets the role that grants it. */
async function adminToken() {
  cli(demo.dataDir, "roles", "assign", "--email", ADMIN.email, "--role", "portcullis-admin");
  const login = await call("POST", "api/auth/login", {
    body: { ...ADMIN, audience: new URL("api/admin", demo.issuer).href },
  });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return login.body.access_token;
}

/** The `amr` of the demo app's access token. */
async function amr(page) {
  const tokens = await page.evaluate(() => JSON.parse(sessionStorage.getItem("tokens")));
  const payload = JSON.parse(Buffer.from(tokens.access_token.split(".")[1], "base64url").toString());
  return payload.amr;
}

/** From the demo app to the hosted sign-in page, then the member's password. */
async function password(page) {
  await page.click("#login");
  await page.waitForURL(/\/authorize\?/);
  await page.fill("#email", MEMBER.email);
  await page.fill("#password", MEMBER.password);
  await page.click("form[action='/authorize/login'] button[type=submit]");
}

async function backInTheApp(page) {
  await page.waitForURL((url) => url.origin === new URL(demo.spa).origin && url.pathname === "/");
  await page.waitForSelector(`#who:has-text("${MEMBER.email}")`);
}

test("an organization requiring two-step verification makes its member without a second factor set one up while signing in", async () => {
  const token = await adminToken();
  const marked = await call("PUT", "api/admin/orgs/acme/mfa-required", { token });
  assert.equal(marked.status, 204, JSON.stringify(marked.body));
  const policy = await call("GET", "api/admin/mfa-policy", { token });
  assert.equal(policy.status, 200);
  assert.deepEqual(
    policy.body.organizations.map((o) => o.name),
    ["Acme Inc."],
  );

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(demo.spa);
  await password(page);
  // No session yet: the right password leads to the setup of an authenticator app,
  // saying why.
  await page.waitForSelector("#secret");
  assert.match(await page.textContent("#reason"), /Acme Inc\. requires two-step verification/);
  assert.ok(await page.isVisible("figure.qr svg"), "the QR code is drawn");
  await shot(page, "1-set-up-an-app");
  const secret = (await page.textContent("#secret")).trim();
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  // A wrong code: the same page again, with the same key.
  await page.fill("#code", "000000");
  await page.click("button[type=submit]");
  await page.waitForSelector("#error");
  assert.equal((await page.textContent("#secret")).trim(), secret);
  await page.fill("#code", totp(secret, Date.now() / 1000));
  await page.click("button[type=submit]");
  // The recovery codes, shown once, then on to the app, signed in with two factors.
  await page.waitForSelector("#recovery-codes li");
  const codes = await page.$$eval("#recovery-codes li", (items) => items.map((i) => i.textContent.trim()));
  assert.equal(codes.length, 10);
  await shot(page, "2-recovery-codes");
  await page.click("#continue");
  await backInTheApp(page);
  assert.ok((await amr(page)).includes("mfa"), `amr: ${await amr(page)}`);
  await shot(page, "3-signed-in");
  await page.click("#protected");
  await page.waitForSelector('#result:has-text("This is a protected message.")');

  // Signed out and in again: the password, then a code (a recovery code here, since
  // the app's code of this 30-second step was just used).
  await page.click("#logout");
  await page.waitForSelector('#who:has-text("not logged in")');
  await password(page);
  await page.waitForSelector("#code");
  assert.equal(await page.$("#secret"), null, "no second setup");
  await shot(page, "4-asks-for-a-code");
  await page.fill("#code", codes[0]);
  await page.click("button[type=submit]");
  await backInTheApp(page);
  assert.ok((await amr(page)).includes("mfa"), `amr: ${await amr(page)}`);
  await context.close();
});
