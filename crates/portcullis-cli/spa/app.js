// The demo's single-page app, with no build step: OAuth 2.0 authorization code + PKCE
// against the Portcullis issuer, then calls to the hello-world API with the access token.
"use strict";

const store = window.sessionStorage;
let config;

const $ = (id) => document.getElementById(id);
const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const random = (n) => b64url(crypto.getRandomValues(new Uint8Array(n)));
const show = (text) => { $("result").textContent = text; };

async function challengeOf(verifier) {
  return b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
}

// `stepUp` carries what an API's 401 `insufficient_user_authentication` challenge asked
// for (RFC 9470): `acr_values` and `max_age`, passed on to the issuer as they are.
async function login(stepUp = {}) {
  const verifier = random(48);
  const state = random(16);
  const nonce = random(16);
  store.setItem("pkce", JSON.stringify({ verifier, state }));
  const params = new URLSearchParams({
    ...stepUp,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    response_type: "code",
    scope: "openid profile email offline_access",
    audience: config.audience,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  window.location.assign(`${config.issuer}authorize?${params}`);
}

async function tokenRequest(form) {
  const res = await fetch(`${config.issuer}oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${body.error}: ${body.error_description || ""}`);
  const expiresAt = Date.now() + body.expires_in * 1000;
  // A refresh answers without an ID token: keep the one from sign-in (logout sends it).
  const previous = JSON.parse(store.getItem("tokens") || "{}");
  store.setItem("tokens", JSON.stringify({ id_token: previous.id_token, ...body, expiresAt }));
  return body;
}

async function handleCallback() {
  const url = new URL(window.location.href);
  const code = url.searchParams.get("code");
  const error = url.searchParams.get("error");
  if (!code && !error) return;
  window.history.replaceState({}, "", "/");
  const saved = JSON.parse(store.getItem("pkce") || "{}");
  store.removeItem("pkce");
  // RFC 9207: the answer names the issuer that sent it.
  if (url.searchParams.get("iss") !== config.issuer) return show("Login failed: the answer is not from our issuer");
  if (error === "unmet_authentication_requirements") {
    store.removeItem("pending");
    return show("This needs a two-step sign-in: set up an authenticator app for your account first.");
  }
  if (error) return show(`Login failed: ${error}`);
  if (url.searchParams.get("state") !== saved.state) return show("Login failed: state mismatch");
  try {
    await tokenRequest({
      grant_type: "authorization_code",
      code,
      code_verifier: saved.verifier,
      redirect_uri: config.redirectUri,
      client_id: config.clientId,
    });
  } catch (e) {
    show(`Login failed: ${e.message}`);
  }
}

async function accessToken() {
  const tokens = JSON.parse(store.getItem("tokens") || "null");
  if (!tokens) return null;
  if (Date.now() < tokens.expiresAt - 10_000) return tokens.access_token;
  try {
    const fresh = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: config.clientId });
    return fresh.access_token;
  } catch {
    store.removeItem("tokens");
    return null;
  }
}

// The parameters of a `Bearer error="insufficient_user_authentication"` challenge.
function stepUpOf(res) {
  const challenge = res.headers.get("www-authenticate") || "";
  if (!challenge.includes('error="insufficient_user_authentication"')) return null;
  const stepUp = {};
  for (const name of ["acr_values", "max_age"]) {
    const m = challenge.match(new RegExp(`${name}="([^"]*)"`));
    if (m) stepUp[name] = m[1];
  }
  return stepUp;
}

async function call(path) {
  const token = await accessToken();
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  try {
    const res = await fetch(`${config.api}${path}`, { headers });
    const stepUp = token && res.status === 401 ? stepUpOf(res) : null;
    // Asked once: a second challenge after signing in again is shown, not looped on.
    if (stepUp && store.getItem("pending") !== path) {
      store.setItem("pending", path);
      show("The API asks for a stronger sign-in: signing you in again…");
      return login(stepUp);
    }
    store.removeItem("pending");
    show(`${res.status} ${await res.text()}`);
  } catch (e) {
    show(`The API is unreachable: ${e.message}`);
  }
}

async function logout() {
  const tokens = JSON.parse(store.getItem("tokens") || "null");
  store.removeItem("tokens");
  if (tokens) {
    await fetch(`${config.issuer}oauth/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: tokens.refresh_token, client_id: config.clientId }),
    }).catch(() => {});
  }
  const params = new URLSearchParams({ client_id: config.clientId, post_logout_redirect_uri: config.origin + "/" });
  // The ID token proves the request comes from this app, so the issuer signs the user
  // out without asking (OpenID Connect RP-Initiated Logout).
  if (tokens && tokens.id_token) params.set("id_token_hint", tokens.id_token);
  window.location.assign(`${config.issuer}logout?${params}`);
}

function render() {
  const tokens = JSON.parse(store.getItem("tokens") || "null");
  let who = "You are not logged in.";
  if (tokens && tokens.id_token) {
    const claims = JSON.parse(atob(tokens.id_token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    who = `Logged in as ${claims.email || claims.sub}`;
  }
  $("who").textContent = who;
  $("login").hidden = Boolean(tokens);
  $("logout").hidden = !tokens;
}

async function main() {
  config = await (await fetch("/config.json")).json();
  $("login").addEventListener("click", login);
  $("logout").addEventListener("click", logout);
  $("public").addEventListener("click", () => call("/api/messages/public"));
  $("protected").addEventListener("click", () => call("/api/messages/protected"));
  $("admin").addEventListener("click", () => call("/api/messages/admin"));
  $("sensitive").addEventListener("click", () => call("/api/messages/sensitive"));
  await handleCallback();
  render();
  // Back from a step-up sign-in: the call that asked for it, again.
  const pending = store.getItem("pending");
  if (pending && store.getItem("tokens")) await call(pending);
}

main();
