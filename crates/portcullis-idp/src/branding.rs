//! [`Branding`]: how a client's hosted pages look, checked once when an administrator
//! sets it. The pages put these values into HTML attributes, a stylesheet and a
//! Content-Security-Policy, so each is held to a shape that cannot escape its place:
//! a name without control characters, an `https` URL of a named host, a `#rrggbb`
//! colour.

use crate::error::{IdpError, Result};

/// Longest display name, in characters.
pub const MAX_DISPLAY_NAME: usize = 100;
/// Longest logo URL, in bytes.
pub const MAX_LOGO_URI: usize = 512;

/// A client's branding; each part is optional (the issuer's default instead).
///
/// ```
/// use portcullis_idp::Branding;
/// let b = Branding::parse(Some("Acme Cloud"), Some("https://cdn.acme.example/logo.svg"), Some("#0A7B83")).unwrap();
/// assert_eq!(b.accent_color.as_deref(), Some("#0a7b83"));
/// assert_eq!(b.logo_origin().as_deref(), Some("https://cdn.acme.example"));
/// assert!(Branding::parse(None, Some("javascript:alert(1)"), None).is_err());
/// assert!(Branding::parse(None, None, Some("red; background: url(x)")).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Branding {
    /// The name users know the application by, shown instead of the client's name.
    pub display_name: Option<String>,
    /// An `https` URL of a logo image.
    pub logo_uri: Option<String>,
    /// The accent colour, `#rrggbb` in lowercase.
    pub accent_color: Option<String>,
}

/// A part given with something in it (an empty string means "none").
fn present(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

impl Branding {
    /// Checks and normalizes each part; an empty string means "none". Refuses (with
    /// [`IdpError::InvalidInput`] saying which part) a name that is too long or holds
    /// control characters, a logo URL that is not `https` on a named host (or carries
    /// credentials, or is too long), and a colour that is not `#rrggbb`.
    pub fn parse(
        display_name: Option<&str>,
        logo_uri: Option<&str>,
        accent_color: Option<&str>,
    ) -> Result<Self> {
        Ok(Self {
            display_name: present(display_name).map(display).transpose()?,
            logo_uri: present(logo_uri).map(logo).transpose()?,
            accent_color: present(accent_color).map(colour).transpose()?,
        })
    }

    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        self.display_name.is_none() && self.logo_uri.is_none() && self.accent_color.is_none()
    }

    /// The origin of the logo (`https://host[:port]`), the one source a page showing it
    /// allows images from.
    pub fn logo_origin(&self) -> Option<String> {
        let url = url::Url::parse(self.logo_uri.as_deref()?).ok()?;
        Some(url.origin().ascii_serialization())
    }
}

fn display(name: &str) -> Result<String> {
    if name.chars().count() > MAX_DISPLAY_NAME
        || name.chars().any(|c| c.is_control() || is_bidi_control(c))
    {
        return Err(IdpError::invalid(format!(
            "branding.display_name must be at most {MAX_DISPLAY_NAME} characters, without control characters"
        )));
    }
    Ok(name.to_owned())
}

/// Bidirectional overrides and isolates: they would let a name reorder the text
/// around it.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

fn logo(uri: &str) -> Result<String> {
    let bad = || {
        IdpError::invalid(format!(
            "branding.logo_uri must be an https URL of a named host, without credentials, at most {MAX_LOGO_URI} bytes"
        ))
    };
    if uri.len() > MAX_LOGO_URI || uri.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let url = url::Url::parse(uri).map_err(|_| bad())?;
    let named_host = matches!(url.host(), Some(url::Host::Domain(d)) if !d.is_empty());
    if url.scheme() != "https"
        || !named_host
        || !url.username().is_empty()
        || url.password().is_some()
        || url.fragment().is_some()
    {
        return Err(bad());
    }
    // The serialized form is what pages show: percent-encoded, no quote can survive.
    let serialized = url.as_str().to_owned();
    if serialized.len() > MAX_LOGO_URI {
        return Err(bad());
    }
    Ok(serialized)
}

fn colour(value: &str) -> Result<String> {
    let ok = value.len() == 7
        && value.starts_with('#')
        && value[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if !ok {
        return Err(IdpError::invalid(
            "branding.accent_color must be a colour as #rrggbb",
        ));
    }
    Ok(value.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(name: Option<&str>, logo: Option<&str>, colour: Option<&str>) -> String {
        match Branding::parse(name, logo, colour) {
            Err(IdpError::InvalidInput(m)) => m,
            other => panic!("accepted: {other:?}"),
        }
    }

    #[test]
    fn hostile_logo_urls_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "http://cdn.example.com/logo.png",
            "https://user:pass@cdn.example.com/logo.png",
            "https://127.0.0.1/logo.png",
            "https://[::1]/logo.png",
            "//cdn.example.com/logo.png",
            "https://cdn.example.com/logo.png#frag",
            "https://cdn.example.com/a b.png",
            "https://cdn.example.com/\u{0}.png",
            "ftp://cdn.example.com/logo.png",
            "not a url",
        ] {
            let why = refused(None, Some(bad), None);
            assert!(why.contains("logo_uri"), "{bad}: {why}");
        }
        let long = format!("https://cdn.example.com/{}", "a".repeat(MAX_LOGO_URI));
        assert!(refused(None, Some(&long), None).contains("logo_uri"));
    }

    #[test]
    fn colours_must_be_rrggbb() {
        for bad in [
            "red",
            "#fff",
            "#12345g",
            "#1234567",
            "123456",
            "#123456;}",
            "#12345\u{0}",
            "red;background:url(https://evil.example)",
            "</style><script>",
            "#ÿÿÿÿÿÿ",
        ] {
            assert!(
                refused(None, None, Some(bad)).contains("accent_color"),
                "{bad}"
            );
        }
        let b = Branding::parse(None, None, Some(" #ABCDEF ")).unwrap();
        assert_eq!(b.accent_color.as_deref(), Some("#abcdef"));
    }

    #[test]
    fn names_are_bounded_and_plain() {
        let long = "n".repeat(MAX_DISPLAY_NAME + 1);
        assert!(refused(Some(&long), None, None).contains("display_name"));
        assert!(refused(Some("a\nb"), None, None).contains("display_name"));
        assert!(refused(Some("evil\u{202E}gnp.exe"), None, None).contains("display_name"));
        // Markup is just text: the pages escape it.
        let b = Branding::parse(Some("<b>Acme</b> & Co"), None, None).unwrap();
        assert_eq!(b.display_name.as_deref(), Some("<b>Acme</b> & Co"));
        let max = "名".repeat(MAX_DISPLAY_NAME);
        assert!(Branding::parse(Some(&max), None, None).is_ok());
    }

    #[test]
    fn empty_parts_mean_none_and_urls_are_normalized() {
        let b = Branding::parse(Some("  "), Some(""), None).unwrap();
        assert!(b.is_empty());
        let b = Branding::parse(
            None,
            Some("https://CDN.Example.com:8443/l o%22go.png"),
            None,
        );
        assert!(b.is_err(), "a space is refused before parsing");
        let b =
            Branding::parse(None, Some("https://CDN.Example.com:8443/lo\"go.png"), None).unwrap();
        assert_eq!(
            b.logo_uri.as_deref(),
            Some("https://cdn.example.com:8443/lo%22go.png")
        );
        assert_eq!(
            b.logo_origin().as_deref(),
            Some("https://cdn.example.com:8443")
        );
    }
}
