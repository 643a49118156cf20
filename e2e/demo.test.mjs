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

before(async () => {
  const started = await startDemo();
  server = started.child;
  spa = started.spa;
  dataDir = started.dataDir;
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

test("the sensitive message asks for a two-step sign-in: the user sets up an authenticator app on the way and gets through", async () => {
  const email = "dave@example.com";
  const password = "dave's long passphrase";
  cliWithEnv(dataDir, { PORTCULLIS_NEW_PASSWORD: password }, "users", "create", "--email", email);
  const page = await browser.newPage();
  await signIn(page, email, password, "step-up");
  // The API's 401 challenge sends the app to the issuer with its acr_values; the
  // password-only session is not reused.
  await page.click("#sensitive");
  await page.waitForURL(/\/authorize\?.*acr_values=/);
  assert.ok(await page.isVisible("#password"), "the password-only session is not reused");
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  // Dave has no second factor: the issuer shows an authenticator app's QR code and key.
  await page.waitForSelector("#secret");
  await shot(page, "step-up-1-set-up-an-app");
  const secret = (await page.textContent("#secret")).trim();
  const now = () => Math.floor(Date.now() / 1000);
  await page.fill("#code", totp(secret, now()));
  await page.click("button[type=submit]");
  await page.waitForSelector("#recovery-codes");
  assert.equal(await page.locator("#recovery-codes li").count(), 10);
  await shot(page, "step-up-2-recovery-codes");
  // On to the app, which calls the API again and gets through.
  await page.click("#continue");
  await page.waitForSelector('#result:has-text("This is a sensitive message.")');
  await shot(page, "step-up-3-sensitive-message");
  assert.match(await callApi(page, "#protected", "200"), /This is a protected message\./);
  // The next sign-in asks for a code from the app.
  await page.click("#logout");
  await page.waitForSelector('#who:has-text("not logged in")');
  await page.click("#login");
  await page.waitForURL(/\/authorize\?/);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("#code");
  await page.close();
});

test("a user signs in with a code sent by email, no password: the mail's link fills it in only in the browser that asked", async () => {
  const page = await browser.newPage();
  await page.goto(spa);
  await page.click("#login");
  await page.waitForURL(/\/authorize\?/);
  await page.fill("#email", "user@example.com");
  await page.click('button[formaction="/authorize/email"]');
  await page.waitForSelector('h1:has-text("Check your email")');
  await shot(page, "email-code-1-check-your-email");
  // The mail is sent off the request: wait for it (the outbox lists newest first).
  let link;
  for (let i = 0; i < 100 && !link; i++) {
    link = cli(dataDir, "outbox", "--to", "user@example.com").match(/http:\/\/\S+\/authorize\/email\?\S+/)?.[0];
    if (!link) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(link, "the sign-in code is in the outbox");
  // Another browser following the link is only told where to type the code.
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await other.goto(link);
  await other.waitForSelector("text=Enter this code there");
  assert.equal(await other.locator("#code").count(), 0);
  await shot(other, "email-code-2-link-elsewhere");
  await elsewhere.close();
  // The browser that asked gets the code filled in; one click signs in.
  await page.goto(link);
  assert.match(await page.inputValue("#code"), /^\d{6}$/);
  await shot(page, "email-code-3-filled-in");
  await page.click("button[type=submit]");
  await page.waitForURL((url) => url.origin === new URL(spa).origin && url.pathname === "/");
  await page.waitForSelector('#who:has-text("user@example.com")');
  assert.match(await callApi(page, "#protected", "200"), /This is a protected message\./);
  await shot(page, "email-code-4-signed-in");
  await page.close();
});

test("an employee signs in with Demo Corp, the demo's single sign-on, and gets an account on the way", async () => {
  const page = await browser.newPage();
  await page.goto(spa);
  await page.click("#login");
  await page.waitForURL(/\/authorize\?/);
  await shot(page, "corp-1-sign-in-page");
  await page.click("#connection-demo-corp");
  // Demo Corp's own sign-in page, on its own host.
  await page.waitForURL(/127\.0\.0\.1:\d+\/authorize\?/);
  await shot(page, "corp-2-provider-sign-in");
  await page.fill("#email", "employee@corp.example");
  await page.fill("#password", "demo-employee-password");
  await page.click("button[type=submit]");
  await page.waitForURL((url) => url.origin === new URL(spa).origin && url.pathname === "/");
  await page.waitForSelector('#who:has-text("employee@corp.example")');
  await shot(page, "corp-3-signed-in");
  assert.match(await callApi(page, "#protected", "200"), /This is a protected message\./);
  // The account was made on the way, keyed by Demo Corp's subject.
  assert.match(cli(dataDir, "users", "list"), /employee@corp\.example/);
  await page.close();
});

test("an address of Demo Corp's domain, typed without a password, is sent to Demo Corp (home realm discovery)", async () => {
  const page = await browser.newPage();
  await page.goto(spa);
  await page.click("#login");
  await page.waitForURL(/\/authorize\?/);
  await page.fill("#email", "employee@corp.example");
  await page.click("button[type=submit]");
  await page.waitForURL(/127\.0\.0\.1:\d+\/authorize\?/);
  await shot(page, "corp-4-home-realm");
  await page.fill("#email", "employee@corp.example");
  await page.fill("#password", "demo-employee-password");
  await page.click("button[type=submit]");
  await page.waitForURL((url) => url.origin === new URL(spa).origin && url.pathname === "/");
  await page.waitForSelector('#who:has-text("employee@corp.example")');
  await page.close();
});
