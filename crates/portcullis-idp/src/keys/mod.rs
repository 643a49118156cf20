//! Signing keys: generated on first start, sealed at rest under the master key, rotated
//! by publishing the next key before it signs.

mod keyring;
mod master;

pub use keyring::{KeyRing, Rotation};
pub use master::MasterKey;
