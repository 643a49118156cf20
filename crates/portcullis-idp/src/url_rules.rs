//! The rule for redirect URIs, the URLs the issuer sends browsers to: parsed, HTTPS, or
//! plain HTTP to a loopback host (native and development apps, RFC 8252 §7.3); no user
//! name or password, no fragment, bounded, no whitespace or control characters.
//! Requests the issuer itself sends follow [`crate::outbound`] instead.

use url::Url;

/// The longest redirect URI accepted.
const MAX_URI_LEN: usize = 2000;

/// Whether `uri` may be registered as a redirect URI. The host is judged after
/// parsing, so `http://localhost:1@evil.example/` (host `evil.example`) is refused.
pub(crate) fn redirect_uri_ok(uri: &str) -> bool {
    if uri.len() > MAX_URI_LEN
        || uri
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '#')
    {
        return false;
    }
    let Ok(url) = Url::parse(uri) else {
        return false;
    };
    let Some(host) = url.host_str() else {
        return false;
    };
    let no_credentials = url.username().is_empty() && url.password().is_none();
    let scheme_ok = match url.scheme() {
        "https" => true,
        "http" => crate::outbound::loopback_host(host),
        _ => false,
    };
    no_credentials && scheme_ok
}

#[cfg(test)]
mod tests {
    use super::redirect_uri_ok;

    #[test]
    fn https_or_http_to_a_parsed_loopback_host() {
        for ok in [
            "https://app.example.com/callback",
            "https://10.1.2.3/intranet-app",
            "http://localhost:4040/cb",
            "http://127.0.0.1/x",
            "http://127.0.0.10/x",
            "http://[::1]:8080",
        ] {
            assert!(redirect_uri_ok(ok), "{ok}");
        }
        for bad in [
            "http://localhost:1@192.0.2.2/",
            "http://localhost:1@evil.example/cb",
            "http://127.0.0.1@evil.example/cb",
            "https://user:pw@app.example.com/cb",
            "http://evil.example/cb",
            "http://localhost.evil.example/hook",
            "http://192.0.2.2/cb",
            "https://app.example.com/callback#x",
            "https://app.example.com/callback#",
            "javascript:alert(1)",
            "com.example.app:/cb",
            "/relative",
            "https://a/ b",
        ] {
            assert!(!redirect_uri_ok(bad), "{bad}");
        }
    }
}
