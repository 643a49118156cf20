//! A software authenticator: what a browser and a passkey would send, made here so the
//! server's checks can be driven with every kind of wrong answer. P-256 keys (ES256),
//! "none" attestation, CTAP2 authenticator data with the flags and counter each test
//! chooses.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair as _};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

const UP: u8 = 0x01;
const UV: u8 = 0x04;
const BE: u8 = 0x08;
const BS: u8 = 0x10;
const AT: u8 = 0x40;

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

fn sha256(data: &[u8]) -> Vec<u8> {
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, data)
        .as_ref()
        .to_vec()
}

/// CBOR: a head of major type `major` with argument `n`.
fn head(major: u8, n: u64) -> Vec<u8> {
    let m = major << 5;
    match n {
        0..=23 => vec![m | u8::try_from(n).unwrap()],
        24..=0xff => vec![m | 24, u8::try_from(n).unwrap()],
        0x100..=0xffff => {
            let mut v = vec![m | 25];
            v.extend(u16::try_from(n).unwrap().to_be_bytes());
            v
        }
        _ => {
            let mut v = vec![m | 26];
            v.extend(u32::try_from(n).unwrap().to_be_bytes());
            v
        }
    }
}

fn int(i: i64) -> Vec<u8> {
    if i >= 0 {
        head(0, i.unsigned_abs())
    } else {
        head(1, (-1 - i).unsigned_abs())
    }
}

fn bytes(b: &[u8]) -> Vec<u8> {
    let mut v = head(2, b.len() as u64);
    v.extend(b);
    v
}

fn text(t: &str) -> Vec<u8> {
    let mut v = head(3, t.len() as u64);
    v.extend(t.as_bytes());
    v
}

/// One credential on the software authenticator.
pub struct SoftPasskey {
    key: EcdsaKeyPair,
    pub id: Vec<u8>,
    /// The user handle the site gave at registration.
    pub user_handle: Vec<u8>,
    /// The next signature counter (0: an authenticator without one).
    pub counter: u32,
    /// Backup eligible and backed up (a synced passkey).
    pub synced: bool,
    /// User verification performed (PIN or biometric).
    pub verify_user: bool,
    pub rp_id: String,
    pub origin: String,
}

impl SoftPasskey {
    /// A new credential for the relying party `rp_id` used from `origin`.
    pub fn new(rp_id: &str, origin: &str) -> Self {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng).unwrap();
        let key =
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref()).unwrap();
        let mut id = vec![0u8; 32];
        aws_lc_rs::rand::fill(&mut id).unwrap();
        Self {
            key,
            id,
            user_handle: Vec::new(),
            counter: 0,
            synced: false,
            verify_user: true,
            rp_id: rp_id.to_owned(),
            origin: origin.to_owned(),
        }
    }

    fn flags(&self) -> u8 {
        let mut f = UP;
        if self.verify_user {
            f |= UV;
        }
        if self.synced {
            f |= BE | BS;
        }
        f
    }

    fn cose_key(&self) -> Vec<u8> {
        let public = self.key.public_key().as_ref();
        let (x, y) = (&public[1..33], &public[33..65]);
        let mut v = head(5, 5);
        v.extend(int(1));
        v.extend(int(2));
        v.extend(int(3));
        v.extend(int(-7));
        v.extend(int(-1));
        v.extend(int(1));
        v.extend(int(-2));
        v.extend(bytes(x));
        v.extend(int(-3));
        v.extend(bytes(y));
        v
    }

    fn client_data(&self, kind: &str, challenge: &str) -> Vec<u8> {
        serde_json::to_vec(&json!({
            "type": kind,
            "challenge": challenge,
            "origin": self.origin,
            "crossOrigin": false,
        }))
        .unwrap()
    }

    /// What `navigator.credentials.create` gives for `options` (the `options` of a
    /// registration ceremony), as the page's script sends it.
    pub fn create(&mut self, options: &Value) -> Value {
        let pk = &options["publicKey"];
        self.user_handle = unb64(pk["user"]["id"].as_str().unwrap());
        let challenge = pk["challenge"].as_str().unwrap();
        let client_data = self.client_data("webauthn.create", challenge);
        let mut auth_data = sha256(self.rp_id.as_bytes());
        auth_data.push(self.flags() | AT);
        auth_data.extend(self.counter.to_be_bytes());
        auth_data.extend([0u8; 16]);
        auth_data.extend(u16::try_from(self.id.len()).unwrap().to_be_bytes());
        auth_data.extend(&self.id);
        auth_data.extend(self.cose_key());
        let mut attestation = head(5, 3);
        attestation.extend(text("fmt"));
        attestation.extend(text("none"));
        attestation.extend(text("attStmt"));
        attestation.extend(head(5, 0));
        attestation.extend(text("authData"));
        attestation.extend(bytes(&auth_data));
        json!({
            "id": b64(&self.id),
            "rawId": b64(&self.id),
            "type": "public-key",
            "response": {
                "attestationObject": b64(&attestation),
                "clientDataJSON": b64(&client_data),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
        })
    }

    /// What `navigator.credentials.get` gives for `options` (a sign-in ceremony's), the
    /// counter advanced first.
    pub fn get(&mut self, options: &Value) -> Value {
        let challenge = options["publicKey"]["challenge"]
            .as_str()
            .unwrap()
            .to_owned();
        self.assert_with(&challenge)
    }

    /// An assertion over `challenge` (base64url), whatever the ceremony asked.
    pub fn assert_with(&mut self, challenge: &str) -> Value {
        if self.counter > 0 {
            self.counter += 1;
        }
        let client_data = self.client_data("webauthn.get", challenge);
        let mut auth_data = sha256(self.rp_id.as_bytes());
        auth_data.push(self.flags());
        auth_data.extend(self.counter.to_be_bytes());
        let mut signed = auth_data.clone();
        signed.extend(sha256(&client_data));
        let signature = self
            .key
            .sign(&SystemRandom::new(), &signed)
            .unwrap()
            .as_ref()
            .to_vec();
        json!({
            "id": b64(&self.id),
            "rawId": b64(&self.id),
            "type": "public-key",
            "response": {
                "authenticatorData": b64(&auth_data),
                "clientDataJSON": b64(&client_data),
                "signature": b64(&signature),
                "userHandle": b64(&self.user_handle),
            },
            "clientExtensionResults": {},
        })
    }
}
