// The demo's full-stack flow in a real browser: the demo SPA sends the user to the
// hosted sign-in page, comes back with a code, exchanges it (PKCE), and calls the
// hello-world API. Runs Debian's Chromium through playwright-core.
//
//   PORTCULLIS_BIN=../target/debug/portcullis node --test
//
// Screenshots of every step go to e2e/artifacts/.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startDemo, cli, cliWithEnv, totp } from "./portcullis.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, "artifacts");
mkdirSync(artifacts, { recursive: true });

let server;
let browser;
let spa;
let dataDir;
let issuer;

before(async () => {
  const started = await startDemo();
  server = started.child;
  spa = started.spa;
  dataDir = started.dataDir;
  issuer = started.issuer;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

async function signIn(page, email, password, prefix) {
  await page.goto(spa);
  await page.click("#login");
  await page.waitForURL(/\/authorize\?/);
  await shot(page, `${prefix}-1-hosted-sign-in`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForURL((url) => url.origin === new URL(spa).origin && url.pathname === "/");
  await page.waitForSelector(`#who:has-text("${email}")`);
  await shot(page, `${prefix}-2-logged-in`);
}

async function callApi(page, button, expected) {
  await page.click(button);
  await page.waitForSelector(`#result:has-text("${expected}")`);
  return page.textContent("#result");
}

test("a user signs in on the hosted page and reads the protected message, not the admin one", async () => {
  const page = await browser.newPage();
  await page.goto(spa);
  assert.match(await callApi(page, "#protected", "401"), /Requires authentication/);
  await signIn(page, "user@example.com", "demo-user-password", "user");
  assert.match(await callApi(page, "#protected", "200"), /This is a protected message\./);
  await shot(page, "user-3-protected");
  assert.match(await callApi(page, "#admin", "403"), /Permission denied/);
  await shot(page, "user-4-admin-denied");
  await page.click("#logout");
  await page.waitForURL((url) => url.origin === new URL(spa).origin);
  await page.waitForSelector('#who:has-text("not logged in")');
  await shot(page, "user-5-logged-out");
  // The session is gone: logging in again asks for the password.
  await page.click("#login");
  await page.waitForURL(/\/authorize\?/);
  assert.ok(await page.isVisible("#password"));
  await page.close();
});

test("an admin sees the admin message", async () => {
  const page = await browser.newPage();
  await signIn(page, "admin@example.com", "demo-admin-password", "admin");
  assert.match(await callApi(page, "#admin", "200"), /This is an admin message\./);
  await shot(page, "admin-3-admin-message");
  await page.close();
});

test("a wrong password is refused on the hosted page with a clear message", async () => {
  const page = await browser.newPage();
  await page.goto(spa);
  await page.click("#login");
  await page.waitForURL(/\/authorize\?/);
  await page.fill("#email", "user@example.com");
  await page.fill("#password", "not the password");
  await page.click("button[type=submit]");
  await page.waitForSelector("#error");
  assert.equal((await page.textContent("#error")).trim(), "Invalid email or password");
  await shot(page, "wrong-password");
  await page.close();
});

test("a new user signs up on the hosted page, confirms the email from the outbox, signs in, and uses the app", async () => {
  const page = await browser.newPage();
  await page.goto(spa);
  await page.click("#login");
  await page.waitForURL(/\/authorize\?/);
  await page.click("#signup-link");
  await page.waitForURL(/\/authorize\/signup\?/);
  await page.fill("#name", "Carol");
  await page.fill("#email", "carol@example.com");
  await page.fill("#password", "carol's long passphrase");
  await shot(page, "signup-1-form");
  await page.click("button[type=submit]");
  // The same answer whether the address is new or taken: no account enumeration.
  await page.waitForSelector('h1:has-text("Check your email")');
  await shot(page, "signup-2-check-your-email");
  const outbox = cli(dataDir, "outbox", "--to", "carol@example.com");
  const link = outbox.match(/http:\/\/\S+\/verify-email\?token=\S+/)[0];
  await page.goto(link);
  await page.waitForSelector('#message:has-text("confirmed")');
  await shot(page, "signup-3-email-verified");
  // The confirmation page leads back into the app's sign-in request.
  await page.click("#continue");
  await page.waitForURL(/\/authorize\?/);
  await page.fill("#email", "carol@example.com");
  await page.fill("#password", "carol's long passphrase");
  await page.click("button[type=submit]");
  await page.waitForURL((url) => url.origin === new URL(spa).origin && url.pathname === "/");
  await page.waitForSelector('#who:has-text("carol@example.com")');
  await shot(page, "signup-4-signed-in");
  assert.match(await callApi(page, "#protected", "200"), /This is a protected message\./);
  assert.match(await callApi(page, "#admin", "403"), /Permission denied/);
  await page.close();
});

// The issuer's JSON API, as the account's own tools would call it.
async function issuerJson(path, body, token) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(new URL(path, issuer), { method: "POST", headers, body: JSON.stringify(body) });
  const json = await res.json();
  assert.ok(res.ok, `${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

test("the sensitive message asks for a two-step sign-in, and the app signs the user in again", async () => {
  const email = "dave@example.com";
  const password = "dave's long passphrase";
  cliWithEnv(dataDir, { PORTCULLIS_NEW_PASSWORD: password }, "users", "create", "--email", email);
  const page = await browser.newPage();
  await signIn(page, email, password, "step-up");
  // A password alone cannot satisfy the API's challenge: the app says what to do.
  await page.click("#sensitive");
  await page.waitForURL(/\/authorize\?.*acr_values=/);
  assert.ok(await page.isVisible("#password"), "the password-only session is not reused");
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForSelector('#result:has-text("two-step sign-in")');
  await shot(page, "step-up-1-needs-a-second-factor");
  // Dave sets up an authenticator app (the JSON API; the code is computed here). The
  // confirming code is the previous time step's, so the sign-in's code is new.
  const { access_token } = await issuerJson("/api/auth/login", { email, password, audience: issuer });
  const { secret } = await issuerJson("/api/auth/mfa/totp", {}, access_token);
  const now = () => Math.floor(Date.now() / 1000);
  await issuerJson("/api/auth/mfa/totp/confirm", { code: totp(secret, now() - 30) }, access_token);
  // The API's 401 challenge sends the app to the issuer with its acr_values;
  // after the password and the code, the app calls the API again and gets through.
  await page.click("#sensitive");
  await page.waitForURL(/\/authorize\?.*acr_values=/);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("#code");
  await shot(page, "step-up-2-code");
  await page.fill("#code", totp(secret, now()));
  await page.click("button[type=submit]");
  await page.waitForSelector('#result:has-text("This is a sensitive message.")');
  await shot(page, "step-up-3-sensitive-message");
  // The other routes still answer as the seeds say.
  assert.match(await callApi(page, "#protected", "200"), /This is a protected message\./);
  await page.close();
});
