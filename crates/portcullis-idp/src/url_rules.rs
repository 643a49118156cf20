//! The one rule for URLs the issuer will send people or data to: HTTPS, or plain HTTP
//! on a loopback host (development); bounded, no whitespace or control characters.

/// Whether `url` is `https://…` or `http://` to a loopback host. The host must end at
/// `:`, `/` or the end, so `http://localhost.evil.example` is not loopback.
pub(crate) fn https_or_loopback(url: &str) -> bool {
    let well_formed =
        url.len() <= 2000 && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    let loopback = ["http://localhost", "http://127.0.0.1", "http://[::1]"]
        .iter()
        .any(|host| {
            url.strip_prefix(host).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with(':') || rest.starts_with('/')
            })
        });
    well_formed && (url.starts_with("https://") || loopback)
}

/// Whether `uri` may be registered as a redirect URI: [`https_or_loopback`], and no
/// fragment (RFC 6749 §3.1.2).
pub(crate) fn redirect_uri_ok(uri: &str) -> bool {
    https_or_loopback(uri) && !uri.contains('#')
}

#[cfg(test)]
mod tests {
    use super::{https_or_loopback, redirect_uri_ok};

    #[test]
    fn redirect_uris_have_no_fragment() {
        assert!(redirect_uri_ok("https://app.example.com/callback"));
        assert!(!redirect_uri_ok("https://app.example.com/callback#x"));
        assert!(!redirect_uri_ok("http://app.example.com/callback"));
    }

    #[test]
    fn https_or_loopback_only() {
        for ok in [
            "https://app.example.com/cb",
            "http://localhost:4040/cb",
            "http://127.0.0.1/x",
            "http://[::1]:8080",
        ] {
            assert!(https_or_loopback(ok), "{ok}");
        }
        for bad in [
            "http://evil.example/cb",
            "http://localhost.evil.example/hook",
            "http://127.0.0.10/x",
            "javascript:alert(1)",
            "/relative",
            "https://a/ b",
        ] {
            assert!(!https_or_loopback(bad), "{bad}");
        }
    }
}
