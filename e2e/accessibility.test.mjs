// Accessibility of the hosted pages in a real browser: axe-core runs on the sign-in,
// sign-up, consent, second-factor, enrolment (an authenticator app set up during the
// sign-in), recovery-code, account security, forgot/reset-password and error pages of
// the real `portcullis serve --demo` and fails on any `serious` or `critical`
// violation. The sign-in and account pages are also opened by a Japanese browser: they
// must come in Japanese.
//
//   PORTCULLIS_BIN=../target/debug/portcullis node --test
//
// Screenshots go to e2e/artifacts/a11y-*.png.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startDemo, cli, cliWithEnv } from "./portcullis.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, "artifacts");
mkdirSync(artifacts, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let demo;
let browser;
/** The demo app's authorization request, as its sign-in button sends it. */
let authorizeUrl;

before(async () => {
  demo = await startDemo();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage();
  await page.goto(demo.spa);
  await page.click("#login");
  await page.waitForURL(/\/authorize\?/);
  authorizeUrl = page.url();
  await page.close();
});

after(async () => {
  await browser?.close();
  demo?.child.kill();
});

/**
 * Runs axe on the page; fails on serious or critical violations, listing each with
 * the elements it found.
 */
async function assertAccessible(page, name) {
  await page.screenshot({ path: join(artifacts, `a11y-${name}.png`), fullPage: true });
  // DevTools evaluation is not subject to the page's CSP (which allows no script).
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
  if (violations.length > 0) console.log(`${name}: ${violations.map((v) => `${v.impact} ${v.id}`).join(", ")}`);
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(blocking, [], `${name}: ${JSON.stringify(blocking, null, 2)}`);
  return violations;
}

/** A fresh browser context (no cookies) and a page in it. */
async function freshPage(options = {}) {
  const context = await browser.newContext(options);
  return { context, page: await context.newPage() };
}

/** The class of a sign-in with two factors, as `acr_values` asks for it. */
const MULTI_FACTOR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

/** RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret, now. */
function totp(secret) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/=+$/, "").toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, "0");
}

async function postJson(path, body, token) {
  const res = await fetch(new URL(path, demo.issuer), {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

test("the check itself finds what it should (a page without lang, alt or labels)", async () => {
  const { context, page } = await freshPage();
  await page.setContent('<!doctype html><html><body><img src="x.png"><input type="text"></body></html>');
  await assert.rejects(assertAccessible(page, "known-bad"), /image-alt|html-has-lang|label/);
  await context.close();
});

test("the sign-in and sign-up pages have no serious accessibility violation", async () => {
  const { context, page } = await freshPage();
  await page.goto(authorizeUrl);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await assertAccessible(page, "sign-in");
  // A refused password: the page with its error.
  await page.fill("#email", "user@example.com");
  await page.fill("#password", "not the password");
  await page.click("button[type=submit]");
  await page.waitForSelector("#error");
  await assertAccessible(page, "sign-in-error");
  await page.click("#signup-link");
  await page.waitForURL(/\/authorize\/signup\?/);
  await assertAccessible(page, "sign-up");
  await context.close();
  // The same in a dark colour scheme (the pages follow the system's).
  const dark = await freshPage({ colorScheme: "dark" });
  await dark.page.goto(authorizeUrl);
  await dark.page.fill("#email", "user@example.com");
  await dark.page.fill("#password", "not the password");
  await dark.page.click("button[type=submit]");
  await dark.page.waitForSelector("#error");
  await assertAccessible(dark.page, "sign-in-error-dark");
  await dark.context.close();
});

test("the forgot-password, reset-password and error pages have no serious accessibility violation", async () => {
  const { context, page } = await freshPage();
  await page.goto(new URL("forgot-password", demo.issuer).href);
  await assertAccessible(page, "forgot-password");
  await page.fill("#email", "user@example.com");
  await page.click("button[type=submit]");
  await page.waitForSelector("h1");
  await assertAccessible(page, "forgot-password-sent");
  let link;
  for (let i = 0; i < 100 && !link; i++) {
    link = cli(demo.dataDir, "outbox", "--to", "user@example.com").match(/http:\/\/\S+\/reset-password\?token=\S+/)?.[0];
    if (!link) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(link, "the reset mail is in the outbox");
  await page.goto(link);
  await assertAccessible(page, "reset-password");
  // Long enough for the browser's own check, refused by the issuer's rules.
  await page.fill("#password", "password123");
  await page.click("button[type=submit]");
  await page.waitForSelector("#error");
  await assertAccessible(page, "reset-password-error");
  await page.goto(new URL("authorize?client_id=nobody", demo.issuer).href);
  assert.equal(await page.textContent("h1"), "Something went wrong");
  await assertAccessible(page, "error");
  await context.close();
});

test("the second-factor page has no serious accessibility violation", async () => {
  // The demo's administrator gets an authenticator app, through the JSON API (no
  // other test of this file signs in as the administrator).
  const email = "admin@example.com";
  const password = "demo-admin-password";
  const login = await postJson("api/auth/login", { email, password, audience: demo.issuer });
  const started = await postJson("api/auth/mfa/totp", {}, login.access_token);
  await postJson("api/auth/mfa/totp/confirm", { code: totp(started.secret) }, login.access_token);
  const { context, page } = await freshPage();
  await page.goto(authorizeUrl);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("#code");
  await assertAccessible(page, "second-factor");
  await page.fill("#code", "000000");
  await page.click("button[type=submit]");
  await page.waitForSelector("#error");
  await assertAccessible(page, "second-factor-error");
  await context.close();
});

test("the consent page has no serious accessibility violation", async () => {
  cli(demo.dataDir, "clients", "update", "demo-spa", "--third-party", "true");
  try {
    const { context, page } = await freshPage();
    await page.goto(authorizeUrl);
    await page.fill("#email", "user@example.com");
    await page.fill("#password", "demo-user-password");
    await page.click("button[type=submit]");
    await page.waitForSelector("#allow");
    await assertAccessible(page, "consent");
    await context.close();
  } finally {
    cli(demo.dataDir, "clients", "update", "demo-spa", "--third-party", "false");
  }
});

test("a Japanese browser gets the sign-in page in Japanese", async () => {
  const { context, page } = await freshPage({ locale: "ja-JP" });
  await page.goto(authorizeUrl);
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  assert.equal(await page.getAttribute("html", "dir"), "ltr");
  assert.equal(await page.title(), "サインイン");
  assert.equal((await page.textContent("label[for=password]")).trim(), "パスワード");
  await assertAccessible(page, "sign-in-ja");
  // The application's ui_locales wins over the browser's language.
  await page.goto(`${authorizeUrl}&ui_locales=de`);
  assert.equal(await page.getAttribute("html", "lang"), "de");
  await page.fill("#email", "user@example.com");
  await page.fill("#password", "not the password");
  await page.click("button[type=submit]");
  await page.waitForSelector("#error");
  assert.equal((await page.textContent("#error")).trim(), "E-Mail-Adresse oder Passwort ist falsch");
  await context.close();
});

test("the enrolment, recovery-code and account security pages have no serious accessibility violation", async () => {
  // A user with no second factor, whose sign-in asks for two steps (acr_values): the
  // issuer has them set up an authenticator app on the way.
  const email = "erin@example.com";
  const password = "erin's long passphrase";
  cliWithEnv(demo.dataDir, { PORTCULLIS_NEW_PASSWORD: password }, "users", "create", "--email", email);
  const { context, page } = await freshPage();
  await page.goto(`${authorizeUrl}&acr_values=${encodeURIComponent(MULTI_FACTOR)}`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("#secret");
  await assertAccessible(page, "enrol");
  await page.fill("#code", "000000");
  await page.click("button[type=submit]");
  await page.waitForSelector("#error");
  await assertAccessible(page, "enrol-error");
  await page.fill("#code", totp((await page.textContent("#secret")).trim()));
  await page.click("button[type=submit]");
  await page.waitForSelector("#recovery-codes li");
  await assertAccessible(page, "recovery-codes");

  // The account page of the browser just signed in: the authenticator app on, a
  // passkey (a virtual authenticator) listed with its rename and remove forms.
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  const account = new URL("account/security", demo.issuer).href;
  await page.goto(account);
  await page.waitForSelector("#passkey-add:not([hidden])");
  await page.click("#passkey-add button[type=submit]");
  await page.waitForSelector("#passkey-list .passkey-name");
  await assertAccessible(page, "account-security");
  // Setting the app up again: the QR code, the key and the code field.
  await page.click("form:has(input[value=remove_totp]) button");
  await page.waitForSelector("#totp-off");
  await page.click("form:has(input[value=start_totp]) button");
  await page.waitForSelector("#totp-qr svg");
  await assertAccessible(page, "account-security-totp-setup");
  await page.fill("#totp-code", "000000");
  await page.click("form:has(input[value=confirm_totp]) button");
  await page.waitForSelector("#error");
  await assertAccessible(page, "account-security-error");
  await context.close();

  // Signed out: the page's own sign-in form, in light and dark, and in Japanese.
  for (const [name, options] of [
    ["account-sign-in", {}],
    ["account-sign-in-dark", { colorScheme: "dark" }],
    ["account-sign-in-ja", { locale: "ja-JP" }],
  ]) {
    const fresh = await freshPage(options);
    await fresh.page.goto(account);
    await fresh.page.waitForSelector("#sign-in");
    await assertAccessible(fresh.page, name);
    if (options.locale) {
      assert.equal(await fresh.page.getAttribute("html", "lang"), "ja");
      assert.equal(await fresh.page.title(), "アカウントのセキュリティ");
    } else {
      // A wrong password: the page with its error.
      await fresh.page.fill("#email", email);
      await fresh.page.fill("#password", "not the password");
      await fresh.page.click("#sign-in button[type=submit]");
      await fresh.page.waitForSelector("#error");
      await assertAccessible(fresh.page, `${name}-error`);
    }
    await fresh.context.close();
  }
});

test("the emailed-code page and a failed sign-in through a provider have no serious accessibility violation", async () => {
  const { context, page } = await freshPage();
  await page.goto(authorizeUrl);
  await page.fill("#email", "user@example.com");
  await page.click('button[formaction="/authorize/email"]');
  await page.waitForSelector("#code");
  await assertAccessible(page, "email-code");
  // A wrong code: the page with its error.
  await page.fill("#code", "000000");
  await page.click("button[type=submit]");
  await page.waitForSelector("#error");
  await assertAccessible(page, "email-code-error");
  // A provider that is not there: the plain page saying so.
  await page.goto(`${authorizeUrl}&connection=nope`);
  await page.waitForSelector("h1");
  await assertAccessible(page, "upstream-failed");
  await context.close();
});
