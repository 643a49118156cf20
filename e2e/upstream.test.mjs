// Signing in to Portcullis through a certified OpenID provider nobody here wrote:
// `oidc-provider` (npm) runs in this process as the upstream, with its development
// login and consent pages; the demo's issuer gets a connection to it through the CLI,
// and Chromium goes from the demo app through "Continue with …" to oidc-provider and
// back, signed in with an account made on the way (its email read from oidc-provider's
// user info, which is where that provider puts it).
//
//   PORTCULLIS_BIN=../target/debug/portcullis node --test upstream.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import Provider from "oidc-provider";
import { startDemo, cli, cliWithEnv } from "./portcullis.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, "artifacts", "upstream");
mkdirSync(artifacts, { recursive: true });

const SECRET = "a long client secret shared with oidc-provider";
let demo;
let browser;
let upstream;
let upstreamIssuer;

before(async () => {
  demo = await startDemo();
  const http = createServer();
  await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
  upstreamIssuer = `http://127.0.0.1:${http.address().port}`;
  const provider = new Provider(upstreamIssuer, {
    clients: [
      {
        client_id: "portcullis",
        client_secret: SECRET,
        redirect_uris: [`${demo.issuer}upstream/callback`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { email: ["email", "email_verified"], profile: ["name"] },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@provider.example`, email_verified: true, name: "Node User" }),
    }),
    features: { devInteractions: { enabled: true } },
  });
  http.on("request", provider.callback());
  upstream = http;
  cliWithEnv(
    demo.dataDir,
    { PORTCULLIS_CONNECTION_SECRET: SECRET, PORTCULLIS_ALLOW_INSECURE_OUTBOUND_LOOPBACK: "true" },
    "connections", "add", "--name", "node", "--display-name", "Node provider",
    "--issuer", upstreamIssuer, "--client-id", "portcullis",
  );
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
});

after(async () => {
  await browser?.close();
  upstream?.close();
  demo?.child.kill();
});

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

test("a user signs in through oidc-provider and lands in the demo app with an account made on the way", async () => {
  assert.match(cli(demo.dataDir, "connections", "list"), /^node\tenabled\t/m);
  const page = await browser.newPage();
  await page.goto(demo.spa);
  await page.click("#login");
  await page.waitForURL(/\/authorize\?/);
  await shot(page, "1-sign-in-page");
  await page.click("#connection-node");
  // oidc-provider's development login page: any login is accepted.
  await page.waitForURL((url) => url.origin === upstreamIssuer);
  await page.fill("input[name=login]", "nodeuser");
  await page.fill("input[name=password]", "anything");
  await shot(page, "2-oidc-provider-login");
  await page.click("button[type=submit]");
  // Its consent page.
  await page.waitForSelector("button[type=submit]");
  await shot(page, "3-oidc-provider-consent");
  await page.click("button[type=submit]");
  await page.waitForURL((url) => url.origin === new URL(demo.spa).origin && url.pathname === "/");
  await page.waitForSelector('#who:has-text("nodeuser@provider.example")');
  await shot(page, "4-signed-in");
  await page.click("#protected");
  await page.waitForSelector('#result:has-text("200")');
  assert.match(cli(demo.dataDir, "users", "list"), /nodeuser@provider\.example/);
  await page.close();
});
