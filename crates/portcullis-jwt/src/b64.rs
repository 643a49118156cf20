//! Strict base64url (RFC 7515 §2): the URL-safe alphabet, no padding, no whitespace,
//! no non-zero trailing bits.

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// The engine for encoding (and the reference the decoder is tested against): decoding
/// refuses `=` padding and non-canonical trailing bits, so each byte string has exactly
/// one accepted encoding.
const STRICT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// Marks a byte outside the alphabet in the decoding tables (never set by a valid
/// character, whose six bits sit at most at bit 23).
const INVALID: u32 = 1 << 31;

/// The six bits of each base64url character, shifted to where the `position`-th
/// character of a quantum puts them (18, 12, 6, 0); [`INVALID`] for other bytes.
const fn table(shift: u32) -> [u32; 256] {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut t = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        t[alphabet[i] as usize] = (i as u32) << shift;
        i += 1;
    }
    t
}

static T0: [u32; 256] = table(18);
static T1: [u32; 256] = table(12);
static T2: [u32; 256] = table(6);
static T3: [u32; 256] = table(0);

/// Decodes strict base64url. `None` for any other input.
///
/// Why not the `base64` crate's decoder: a token's three segments are decoded on every
/// verification (an RS256 token has 600 characters), and four table lookups OR-ed into
/// one word per four characters, with validity checked once at the end, take about
/// half the instructions. The result is the same; a test holds the two side by side.
pub(crate) fn decode(input: &str) -> Option<Vec<u8>> {
    let input = input.as_bytes();
    let (quanta, tail) = input.split_at(input.len() / 4 * 4);
    let tail_bytes = match tail.len() {
        0 => 0,
        2 => 1,
        3 => 2,
        _ => return None,
    };
    let full = quanta.len() / 4 * 3;
    let mut out = vec![0u8; full + tail_bytes];
    let (body, rest) = out.split_at_mut(full);
    let mut seen = 0u32;
    for (q, o) in quanta.chunks_exact(4).zip(body.chunks_exact_mut(3)) {
        let n = T0[usize::from(q[0])]
            | T1[usize::from(q[1])]
            | T2[usize::from(q[2])]
            | T3[usize::from(q[3])];
        seen |= n;
        o.copy_from_slice(&n.to_be_bytes()[1..]);
    }
    match *tail {
        [a, b] => {
            let n = T0[usize::from(a)] | T1[usize::from(b)];
            // The last character's low four bits are not part of the byte: must be 0.
            seen |= n | if n & 0xf000 != 0 { INVALID } else { 0 };
            rest.copy_from_slice(&n.to_be_bytes()[1..2]);
        }
        [a, b, c] => {
            let n = T0[usize::from(a)] | T1[usize::from(b)] | T2[usize::from(c)];
            seen |= n | if n & 0xc0 != 0 { INVALID } else { 0 };
            rest.copy_from_slice(&n.to_be_bytes()[1..3]);
        }
        _ => {}
    }
    (seen & INVALID == 0).then_some(out)
}

/// Encodes as base64url without padding.
pub(crate) fn encode(input: impl AsRef<[u8]>) -> String {
    STRICT.encode(input)
}

/// Whether every byte is in the base64url alphabet `[A-Za-z0-9_-]`. Only to say why a
/// segment was refused: [`decode`] refuses every other byte by itself.
pub(crate) fn is_alphabet(segment: &str) -> bool {
    segment
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strictness() {
        assert_eq!(decode("Zm9v").as_deref(), Some(&b"foo"[..]));
        assert_eq!(decode("Zm8").as_deref(), Some(&b"fo"[..]));
        assert_eq!(decode("Zm8="), None, "padding");
        assert_eq!(decode("Zm 8"), None, "whitespace");
        assert_eq!(decode("Zm9"), None, "non-canonical trailing bits");
        assert_eq!(decode("Zm+v"), None, "standard alphabet");
        assert_eq!(decode("Z"), None, "impossible length");
        assert_eq!(encode(b"fo"), "Zm8");
    }

    #[test]
    fn decoder_agrees_with_the_base64_crate() {
        // Every string of up to 5 characters over the alphabet plus a few others, and
        // random longer ones: the same answer as the strict engine of the `base64` crate.
        let chars: Vec<u8> = b"AQgw_-9=+/ .\xff".to_vec();
        let mut inputs: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..5 {
            let longer: Vec<Vec<u8>> = inputs
                .iter()
                .filter(|s| s.len() == inputs.last().map_or(0, Vec::len))
                .flat_map(|s| {
                    chars.iter().map(move |c| {
                        let mut t = s.clone();
                        t.push(*c);
                        t
                    })
                })
                .collect();
            inputs.extend(longer);
        }
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 700) as usize;
            let mut s: Vec<u8> = (0..len)
                .map(|i| alphabet[((x >> (i % 50)) as usize + i * 7) % 64])
                .collect();
            if x.is_multiple_of(5) && len > 0 {
                s[(x as usize / 7) % len] = b"=+/.\x80"[(x % 5) as usize];
            }
            inputs.push(s);
        }
        for input in inputs {
            let text = String::from_utf8_lossy(&input);
            assert_eq!(
                decode(&text),
                STRICT.decode(text.as_bytes()).ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn alphabet_is_exactly_base64url() {
        for b in 0..=255u8 {
            let expected = b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
            let s = [b'A', b];
            let text = String::from_utf8_lossy(&s);
            // Non-ASCII bytes become U+FFFD (three bytes), never in the alphabet.
            assert_eq!(is_alphabet(&text), expected, "byte {b}");
        }
        assert!(is_alphabet(""));
    }
}
