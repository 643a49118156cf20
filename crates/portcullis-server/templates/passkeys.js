// Passkeys on Portcullis's hosted pages: the browser's WebAuthn calls around the
// issuer's JSON endpoints (/api/auth/passkeys/*). Loaded only by pages that offer a
// passkey; every page still works without it (password sign-in, codes).
//
// A page marks what it offers with data-passkey on a form:
//   sign-in-form  a sign-in with a passkey alone; the response is posted with the form
//                 (the authorization request goes on server-side). Also offered in the
//                 browser's autofill of the email field (conditional mediation).
//   sign-in-json  the same, finished by the JSON endpoint; the page then reloads.
//   second-step   a passkey answering a sign-in's second step (the form's mfa_token).
//   register      adds a passkey named by the form's "name" field; the page reloads.
"use strict";

(() => {
  const API = "/api/auth/passkeys";

  const toBytes = (text) => {
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const raw = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  };
  const toText = (buffer) => {
    let raw = "";
    for (const byte of new Uint8Array(buffer)) raw += String.fromCharCode(byte);
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };

  async function post(path, body) {
    const res = await fetch(API + path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(answer.message || "The request failed (" + res.status + ").");
    return answer;
  }

  // The options as the JSON endpoints give them, with their binary values decoded.
  function creationOptions(options) {
    const pk = structuredClone(options.publicKey);
    pk.challenge = toBytes(pk.challenge);
    pk.user.id = toBytes(pk.user.id);
    for (const c of pk.excludeCredentials || []) c.id = toBytes(c.id);
    return pk;
  }
  function requestOptions(options) {
    const pk = structuredClone(options.publicKey);
    pk.challenge = toBytes(pk.challenge);
    for (const c of pk.allowCredentials || []) c.id = toBytes(c.id);
    return pk;
  }

  // A credential as the endpoints read it: binary values in base64url.
  function credentialJson(cred) {
    const r = cred.response;
    const response = { clientDataJSON: toText(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject);
      if (r.getTransports) response.transports = r.getTransports();
    } else {
      response.authenticatorData = toText(r.authenticatorData);
      response.signature = toText(r.signature);
      if (r.userHandle) response.userHandle = toText(r.userHandle);
    }
    return {
      id: cred.id,
      rawId: toText(cred.rawId),
      type: cred.type,
      response,
      clientExtensionResults: cred.getClientExtensionResults(),
    };
  }

  // A page gives the sentence for a cancelled request in its language as the error
  // element's data-cancelled; English otherwise.
  function showError(form, error) {
    const out = document.getElementById("passkey-error");
    if (!out) return;
    const cancelled = error && (error.name === "NotAllowedError" || error.name === "AbortError");
    out.textContent = cancelled
      ? out.dataset.cancelled || "The passkey request was cancelled or timed out. Try again."
      : error.message || String(error);
    out.hidden = false;
    form.querySelector("button")?.removeAttribute("disabled");
  }

  // Signs in with a passkey alone; `mediation` "conditional" for the autofill.
  async function signIn(form, mediation, signal) {
    const begun = await post("/authenticate/begin", {});
    const request = { publicKey: requestOptions(begun.options), signal };
    if (mediation) request.mediation = mediation;
    const cred = await navigator.credentials.get(request);
    if (!cred) return;
    const credential = credentialJson(cred);
    if (form.dataset.passkey === "sign-in-json") {
      await post("/authenticate/finish", { ceremony: begun.ceremony, credential });
      location.reload();
      return;
    }
    form.elements.ceremony.value = begun.ceremony;
    form.elements.credential.value = JSON.stringify(credential);
    form.submit();
  }

  function setUpSignIn(form) {
    let pending = null;
    const button = form.querySelector("button");
    button.hidden = false;
    button.addEventListener("click", () => {
      pending?.abort();
      pending = null;
      button.setAttribute("disabled", "");
      signIn(form).catch((e) => showError(form, e));
    });
    // The browser's autofill: offers this site's passkeys in the email field.
    const email = document.querySelector("input[autocomplete~=webauthn]");
    if (!email || !PublicKeyCredential.isConditionalMediationAvailable) return;
    PublicKeyCredential.isConditionalMediationAvailable().then((available) => {
      if (!available) return;
      pending = new AbortController();
      signIn(form, "conditional", pending.signal).catch((e) => {
        if (e.name !== "AbortError") showError(form, e);
      });
    });
  }

  function setUpSecondStep(form) {
    const button = form.querySelector("button");
    button.hidden = false;
    button.addEventListener("click", async () => {
      button.setAttribute("disabled", "");
      try {
        const begun = await post("/authenticate/begin", { mfa_token: form.elements.mfa_token.value });
        const cred = await navigator.credentials.get({ publicKey: requestOptions(begun.options) });
        form.elements.ceremony.value = begun.ceremony;
        form.elements.credential.value = JSON.stringify(credentialJson(cred));
        form.submit();
      } catch (e) {
        showError(form, e);
      }
    });
  }

  function setUpRegister(form) {
    form.hidden = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button");
      button.setAttribute("disabled", "");
      try {
        const begun = await post("/register/begin", {});
        const cred = await navigator.credentials.create({ publicKey: creationOptions(begun.options) });
        await post("/register/finish", {
          ceremony: begun.ceremony,
          name: form.elements.name.value,
          credential: credentialJson(cred),
        });
        location.reload();
      } catch (e) {
        showError(form, e);
      }
    });
  }

  if (!window.PublicKeyCredential) return;
  for (const form of document.querySelectorAll("form[data-passkey]")) {
    const mode = form.dataset.passkey;
    if (mode === "sign-in-form" || mode === "sign-in-json") setUpSignIn(form);
    else if (mode === "second-step") setUpSecondStep(form);
    else if (mode === "register") setUpRegister(form);
  }
})();
