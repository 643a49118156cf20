// Interoperability with widely used packages nobody here wrote, against the real
// `portcullis serve --demo`:
//  - Auth0's express-oauth2-jwt-bearer, with its default options, protects an Express
//    API with Portcullis access tokens (it takes discovery's
//    id_token_signing_alg_values_supported as its algorithm allow-list);
//  - openid-client (v6) runs authorization code + PKCE (the hosted sign-in page driven
//    with plain HTTP requests and cookies), refresh, RP-initiated logout and client
//    credentials, and verifies the ID token's signature against the published keys.
//
//   PORTCULLIS_BIN=../target/debug/portcullis node --test

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import express from "express";
import { auth } from "express-oauth2-jwt-bearer";
import * as client from "openid-client";
import { startDemo, cli, DEMO_AUDIENCE, DEMO_CLIENT } from "./portcullis.mjs";

let demo;
let apiServer;
let api;

before(async () => {
  demo = await startDemo();
  // An Express API protected the way the package's README shows: only the issuer and
  // the audience are given; everything else is the default.
  const app = express();
  app.use("/api", auth({ issuerBaseURL: demo.issuer, audience: DEMO_AUDIENCE }));
  app.get("/api/whoami", (req, res) => res.json({ sub: req.auth.payload.sub }));
  // The package's refusals are errors with a status; answer them without a stack trace.
  app.use((err, req, res, next) => res.status(err.status ?? 500).set(err.headers ?? {}).json({ error: err.code ?? "error" }));
  await new Promise((resolve) => {
    apiServer = app.listen(0, "127.0.0.1", resolve);
  });
  api = `http://127.0.0.1:${apiServer.address().port}`;
});

after(() => {
  apiServer?.close();
  demo?.child.kill();
});

async function callApi(token) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const res = await fetch(`${api}/api/whoami`, { headers });
  return { status: res.status, body: res.ok ? await res.json() : null };
}

function header(token) {
  return JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString());
}

/** The same token with one character of its signature changed. */
function tampered(token) {
  // A character in the middle of the signature: every bit of it counts (the last
  // character of a base64url signature carries padding bits that decoders may ignore,
  // so changing it does not always change the signature).
  const at = token.lastIndexOf(".") + 20;
  const c = token[at];
  return token.slice(0, at) + (c === "A" ? "B" : "A") + token.slice(at + 1);
}

async function passwordLogin(email, password) {
  const res = await fetch(`${demo.issuer}api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, audience: DEMO_AUDIENCE }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).access_token;
}

// --- A browser, as plain HTTP requests with a cookie jar ---------------------------

const entities = { amp: "&", quot: '"', lt: "<", gt: ">", apos: "'" };
function unescapeHtml(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === "#") return String.fromCodePoint(e[1].toLowerCase() === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return entities[e] ?? m;
  });
}

class CookieJar {
  cookies = new Map();
  absorb(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      if (/max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  async get(url) {
    const res = await fetch(url, { redirect: "manual", headers: { cookie: this.header() } });
    this.absorb(res);
    return { status: res.status, location: res.headers.get("location"), html: await res.text() };
  }
  async post(url, form) {
    const res = await fetch(url, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: this.header(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
    this.absorb(res);
    return { status: res.status, location: res.headers.get("location"), html: await res.text() };
  }
}

function hiddenFields(html) {
  const fields = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1]] = unescapeHtml(m[2]);
  }
  return fields;
}

/** Signs in on the hosted page that `authorizationUrl` opens; returns the callback URL. */
async function signInOnHostedPage(jar, authorizationUrl, email, password) {
  const page = await jar.get(authorizationUrl);
  assert.equal(page.status, 200, "the hosted sign-in page");
  const form = { ...hiddenFields(page.html), email, password };
  assert.ok(form.csrf, "the form carries a CSRF token");
  const done = await jar.post(new URL("/authorize/login", demo.issuer), form);
  assert.equal(done.status, 302, done.html);
  return new URL(done.location);
}

// --- The tests -----------------------------------------------------------------------

test("express-oauth2-jwt-bearer with default options accepts Portcullis access tokens and refuses tampered and missing ones", async () => {
  const token = await passwordLogin("user@example.com", "demo-user-password");
  // The point of the exercise: access tokens are not RS256, and the package still
  // accepts them because discovery lists every algorithm the issuer signs with.
  assert.equal(header(token).alg, "ES256");
  const ok = await callApi(token);
  assert.equal(ok.status, 200);
  assert.match(ok.body.sub, /^usr_/);
  assert.equal((await callApi(tampered(token))).status, 401);
  assert.equal((await callApi(null)).status, 401);
});

test("openid-client: authorization code + PKCE, ID token verified, refresh, logout, client credentials", async () => {
  // openid-client v6 refuses plain-HTTP issuers; the demo runs on loopback HTTP, so
  // this test opts in with allowInsecureRequests (never do that against a real
  // issuer). enableNonRepudiationChecks makes it verify the ID token's signature
  // against the issuer's JWKS.
  const options = { execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks] };
  const config = await client.discovery(new URL(demo.issuer), DEMO_CLIENT, undefined, client.None(), options);
  assert.equal(config.serverMetadata().issuer, demo.issuer);

  const redirectUri = `${demo.spa}/callback`;
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid profile email offline_access",
    audience: DEMO_AUDIENCE,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const jar = new CookieJar();
  const callback = await signInOnHostedPage(jar, authorizationUrl, "user@example.com", "demo-user-password");
  assert.equal(callback.origin + callback.pathname, redirectUri);
  const checks = { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true };

  // RFC 9207: discovery promises `iss` in the response, so the client checks it; an
  // answer naming another issuer is refused before the code is spent.
  const forged = new URL(callback);
  forged.searchParams.set("iss", "https://attacker.example/");
  await assert.rejects(client.authorizationCodeGrant(config, forged, checks));

  const tokens = await client.authorizationCodeGrant(config, callback, checks);
  const claims = tokens.claims();
  assert.equal(claims.iss, demo.issuer);
  assert.equal(claims.aud, DEMO_CLIENT);
  assert.equal(claims.email, "user@example.com");
  assert.equal(header(tokens.id_token).alg, "RS256");
  assert.equal((await callApi(tokens.access_token)).status, 200);

  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
  assert.notEqual(refreshed.refresh_token, tokens.refresh_token, "refresh tokens rotate");
  assert.equal((await callApi(refreshed.access_token)).status, 200);

  // RP-initiated logout with the ID token as hint ends the single sign-on session.
  const endSession = client.buildEndSessionUrl(config, {
    id_token_hint: tokens.id_token,
    client_id: DEMO_CLIENT,
    post_logout_redirect_uri: `${demo.spa}/`,
  });
  const out = await jar.get(endSession);
  assert.equal(out.status, 302);
  assert.equal(out.location, `${demo.spa}/`);
  assert.equal((await jar.get(authorizationUrl)).status, 200, "signed out: the sign-in page again");

  // Client credentials, with a confidential client registered through the CLI.
  const created = cli(demo.dataDir, "clients", "create", "--name", "interop worker", "--audience", DEMO_AUDIENCE, "--permission", "read:admin-messages");
  const clientId = created.match(/^client_id=(\S+)$/m)[1];
  const clientSecret = created.match(/^client_secret=(\S+)$/m)[1];
  const machine = await client.discovery(new URL(demo.issuer), clientId, undefined, client.ClientSecretBasic(clientSecret), options);
  const cc = await client.clientCredentialsGrant(machine, { scope: "read:admin-messages" });
  assert.equal(cc.scope, "read:admin-messages");
  const me = await callApi(cc.access_token);
  assert.equal(me.status, 200);
  assert.equal(me.body.sub, clientId);
});
