//! [`MasterKey`]: seals private signing keys at rest (AES-256-GCM).

use std::io::Write as _;
use std::path::Path;

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use zeroize::Zeroizing;

use crate::error::{IdpError, Result};
use crate::ids::random_bytes;

/// The 256-bit key that encrypts signing keys in the database. From
/// `PORTCULLIS_MASTER_KEY` (64 hex digits) or a key file created with mode 0600.
/// `Debug` never shows it.
///
/// ```
/// use portcullis_idp::MasterKey;
/// let key = MasterKey::from_hex(&"ab".repeat(32)).unwrap();
/// let sealed = key.seal(b"private key", b"kid-1").unwrap();
/// assert_eq!(key.open(&sealed, b"kid-1").unwrap().as_slice(), b"private key");
/// assert!(key.open(&sealed, b"kid-2").is_err(), "bound to its kid");
/// assert_eq!(format!("{key:?}"), "MasterKey([redacted])");
/// ```
pub struct MasterKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey([redacted])")
    }
}

fn bad_key() -> IdpError {
    IdpError::invalid("the master key must be 64 hexadecimal digits (32 bytes)")
}

impl MasterKey {
    /// Parses 64 hex digits.
    pub fn from_hex(hex: &str) -> Result<Self> {
        let hex = hex.trim();
        if hex.len() != 64 || !hex.is_ascii() {
            return Err(bad_key());
        }
        let mut key = Zeroizing::new([0u8; 32]);
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad_key())?;
        }
        Ok(Self(key))
    }

    /// A fresh random key.
    pub fn generate() -> Result<Self> {
        Ok(Self(Zeroizing::new(random_bytes::<32>()?)))
    }

    /// Loads the key file at `path`, or creates it (mode 0600) with a fresh key.
    pub fn load_or_create(path: &Path) -> Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_hex(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::generate()?;
                let hex: Zeroizing<String> =
                    Zeroizing::new(key.0.iter().map(|b| format!("{b:02x}")).collect());
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options.open(path).map_err(|e| {
                    IdpError::Keys(format!("cannot create {}: {e}", path.display()))
                })?;
                file.write_all(hex.as_bytes())
                    .and_then(|()| file.sync_all())
                    .map_err(|e| IdpError::Keys(format!("cannot write {}: {e}", path.display())))?;
                Ok(key)
            }
            Err(e) => Err(IdpError::Keys(format!(
                "cannot read {}: {e}",
                path.display()
            ))),
        }
    }

    fn aead(&self) -> Result<LessSafeKey> {
        let unbound = UnboundKey::new(&AES_256_GCM, self.0.as_ref())
            .map_err(|_| IdpError::Keys("bad master key".into()))?;
        Ok(LessSafeKey::new(unbound))
    }

    /// Encrypts `plaintext` bound to `aad`: a random 96-bit nonce ‖ ciphertext ‖ tag.
    pub fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>> {
        let nonce_bytes = random_bytes::<NONCE_LEN>()?;
        let mut buf = plaintext.to_vec();
        self.aead()?
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce_bytes),
                Aad::from(aad),
                &mut buf,
            )
            .map_err(|_| IdpError::Keys("sealing failed".into()))?;
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&buf);
        Ok(out)
    }

    /// Decrypts what [`seal`](Self::seal) produced with the same `aad`.
    pub fn open(&self, sealed: &[u8], aad: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        let wrong =
            || IdpError::Keys("a signing key cannot be decrypted: wrong master key?".into());
        if sealed.len() < NONCE_LEN {
            return Err(wrong());
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| wrong())?;
        let mut buf = Zeroizing::new(ciphertext.to_vec());
        let plain_len = self
            .aead()?
            .open_in_place(nonce, Aad::from(aad), buf.as_mut_slice())
            .map_err(|_| wrong())?
            .len();
        buf.truncate(plain_len);
        Ok(buf)
    }
}
