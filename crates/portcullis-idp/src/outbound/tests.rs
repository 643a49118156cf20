//! The classifier against addresses taken from the special-purpose registries (RFC 6890,
//! RFC 5737, RFC 3849, RFC 6598, RFC 4193, RFC 4291, RFC 6052, RFC 3056), written out
//! here rather than derived from the code's own ranges; and the URL rule against each
//! known SSRF form.

use std::net::IpAddr;

use super::AddressClass::{
    Broadcast, LinkLocal, Loopback, Metadata, Multicast, Private, Public, Reserved, Unspecified,
};
use super::{AddressClass, OutboundPolicy, OutboundUrlError, classify};

fn class(ip: &str) -> AddressClass {
    classify(ip.parse::<IpAddr>().unwrap())
}

#[test]
fn ipv4_special_purpose_ranges() {
    let cases = [
        // RFC 5737 documentation blocks.
        ("192.0.2.1", Reserved),
        ("198.51.100.7", Reserved),
        ("203.0.113.254", Reserved),
        // RFC 6890: loopback, "this network", RFC 1918, link-local, protocol
        // assignments, benchmarking, reserved, broadcast.
        ("127.0.0.1", Loopback),
        ("127.255.255.254", Loopback),
        ("0.0.0.0", Unspecified),
        ("0.1.2.3", Reserved),
        ("10.0.0.1", Private),
        ("10.255.255.255", Private),
        ("172.16.0.1", Private),
        ("172.31.255.254", Private),
        ("172.15.255.255", Public),
        ("172.32.0.1", Public),
        ("192.168.0.1", Private),
        ("169.254.0.1", LinkLocal),
        ("169.254.255.254", LinkLocal),
        ("192.0.0.8", Reserved),
        ("198.18.0.1", Reserved),
        ("198.19.255.254", Reserved),
        ("198.20.0.1", Public),
        ("240.0.0.1", Reserved),
        ("255.255.255.255", Broadcast),
        ("224.0.0.1", Multicast),
        ("239.255.255.250", Multicast),
        // RFC 6598 shared address space (carrier-grade NAT).
        ("100.64.0.1", Private),
        ("100.127.255.254", Private),
        ("100.63.255.255", Public),
        ("100.128.0.1", Public),
        // Metadata services.
        ("169.254.169.254", Metadata),
        ("100.100.100.200", Metadata),
        // Ordinary public addresses.
        ("8.8.8.8", Public),
        ("1.1.1.1", Public),
        ("93.184.215.14", Public),
    ];
    for (ip, want) in cases {
        assert_eq!(class(ip), want, "{ip}");
    }
}

#[test]
fn ipv6_special_purpose_ranges_and_embedded_ipv4() {
    let cases = [
        ("::", Unspecified),
        ("::1", Loopback),
        // IPv4-mapped (RFC 4291 §2.5.5.2): judged by the IPv4 address.
        ("::ffff:127.0.0.1", Loopback),
        ("::ffff:10.0.0.1", Private),
        ("::ffff:169.254.169.254", Metadata),
        ("::ffff:8.8.8.8", Public),
        // NAT64 well-known prefix (RFC 6052) and 6to4 (RFC 3056) lead to IPv4 too.
        ("64:ff9b::7f00:1", Loopback),
        ("64:ff9b::808:808", Public),
        ("2002:7f00:1::1", Loopback),
        ("2002:a00:1::1", Private),
        ("2002:808:808::1", Public),
        // Deprecated IPv4-compatible form, discard-only, documentation (RFC 3849),
        // Teredo and benchmarking (2001::/23), site-local, unassigned space.
        ("::7f00:1", Reserved),
        ("100::1", Reserved),
        ("2001:db8::1", Reserved),
        ("2001::1", Reserved),
        ("2001:2::1", Reserved),
        ("fec0::1", Reserved),
        ("4000::1", Reserved),
        // Unique local (RFC 4193), link-local, multicast.
        ("fc00::1", Private),
        ("fd12:3456:789a::1", Private),
        ("fe80::1", LinkLocal),
        ("febf::1", LinkLocal),
        ("ff02::1", Multicast),
        // The AWS metadata service over IPv6 sits inside fc00::/7.
        ("fd00:ec2::254", Metadata),
        // Global unicast.
        ("2606:4700:4700::1111", Public),
        ("2a00:1450:4001::1", Public),
    ];
    for (ip, want) in cases {
        assert_eq!(class(ip), want, "{ip}");
    }
}

#[test]
fn the_policy_reaches_loopback_and_private_only_when_weakened() {
    let strict = OutboundPolicy::default();
    let loopback = OutboundPolicy {
        allow_insecure_loopback: true,
        ..strict
    };
    let private = OutboundPolicy {
        allow_insecure_private: true,
        ..strict
    };
    let everything = OutboundPolicy {
        allow_insecure_loopback: true,
        allow_insecure_private: true,
    };
    let ip = |s: &str| s.parse::<IpAddr>().unwrap();
    assert!(strict.permits(ip("8.8.8.8")));
    assert!(!strict.permits(ip("127.0.0.1")) && loopback.permits(ip("127.0.0.1")));
    assert!(!strict.permits(ip("10.0.0.1")) && private.permits(ip("10.0.0.1")));
    assert!(!loopback.permits(ip("10.0.0.1")) && !private.permits(ip("::1")));
    for never in [
        "169.254.169.254",
        "fd00:ec2::254",
        "169.254.1.1",
        "fe80::1",
        "0.0.0.0",
        "::",
        "224.0.0.1",
        "255.255.255.255",
        "192.0.2.2",
    ] {
        assert!(!everything.permits(ip(never)), "{never}");
    }
}

#[test]
fn url_parsing_normalizes_numeric_hosts() {
    // What the URL standard does to these forms, independently of the policy: the
    // address they reach is 127.0.0.1.
    for raw in [
        "https://2130706433/",
        "https://0177.0.0.1/",
        "https://0x7f000001/",
        "https://127.1/",
        "https://127.0.0.1./",
    ] {
        let url = url::Url::parse(raw).unwrap();
        assert_eq!(url.host_str(), Some("127.0.0.1"), "{raw}");
    }
    let mapped = url::Url::parse("https://[::ffff:127.0.0.1]/").unwrap();
    assert_eq!(mapped.host_str(), Some("[::ffff:7f00:1]"));
}

#[test]
fn each_ssrf_form_is_refused() {
    use OutboundUrlError as E;
    let strict = OutboundPolicy::default();
    let cases = [
        ("http://localhost:1@192.0.2.2/", E::UserInfo),
        ("https://localhost:1@hooks.example.com/", E::UserInfo),
        ("https://user@hooks.example.com/", E::UserInfo),
        ("https://:secret@hooks.example.com/", E::UserInfo),
        ("https://10.0.0.1/", E::Address(Private)),
        ("https://192.168.1.1:8443/", E::Address(Private)),
        ("https://100.64.0.1/", E::Address(Private)),
        (
            "https://169.254.169.254/latest/meta-data/",
            E::Address(Metadata),
        ),
        ("https://[fd00:ec2::254]/", E::Address(Metadata)),
        ("https://[fe80::1]/", E::Address(LinkLocal)),
        ("https://[::ffff:127.0.0.1]/", E::Address(Loopback)),
        ("https://[::ffff:169.254.169.254]/", E::Address(Metadata)),
        ("https://2130706433/", E::Address(Loopback)),
        ("https://0177.0.0.1/", E::Address(Loopback)),
        ("https://0x7f.1/", E::Address(Loopback)),
        ("https://127.0.0.1:2375/", E::Address(Loopback)),
        ("https://[::1]/", E::Address(Loopback)),
        ("https://0.0.0.0/", E::Address(Unspecified)),
        ("https://[::]/", E::Address(Unspecified)),
        ("https://224.0.0.1/", E::Address(Multicast)),
        ("https://255.255.255.255/", E::Address(Broadcast)),
        ("https://192.0.2.2/", E::Address(Reserved)),
        ("https://localhost/", E::Localhost),
        ("https://LocalHost./", E::Localhost),
        ("https://api.localhost/", E::Localhost),
        ("http://hooks.example.com/", E::Scheme),
        ("http://127.0.0.1:8080/", E::Address(Loopback)),
        ("ftp://hooks.example.com/", E::Scheme),
        ("file:///etc/passwd", E::Malformed),
        ("javascript:alert(1)", E::Malformed),
        ("/relative", E::Malformed),
        ("https://a/ b", E::Malformed),
        ("https://hooks.example.com/#x", E::Fragment),
    ];
    for (raw, want) in cases {
        assert_eq!(strict.parse(raw), Err(want), "{raw}");
    }
    let ok = strict
        .parse("https://Hooks.Example.com/portcullis")
        .unwrap();
    assert_eq!(ok.as_str(), "https://hooks.example.com/portcullis");
    assert_eq!(
        strict.parse("https://8.8.8.8/").unwrap().ip(),
        "8.8.8.8".parse().ok()
    );
}

#[test]
fn weakened_policies_open_only_what_they_name() {
    use OutboundUrlError as E;
    let loopback = OutboundPolicy {
        allow_insecure_loopback: true,
        ..OutboundPolicy::default()
    };
    for ok in [
        "http://127.0.0.1:8080/hook",
        "http://localhost:4000/",
        "http://[::1]/",
        "https://localhost/",
    ] {
        assert!(loopback.parse(ok).is_ok(), "{ok}");
    }
    assert_eq!(
        loopback.parse("http://localhost:1@192.0.2.2/"),
        Err(E::UserInfo)
    );
    assert_eq!(loopback.parse("http://hooks.example.com/"), Err(E::Scheme));
    assert_eq!(
        loopback.parse("https://10.0.0.1/"),
        Err(E::Address(Private))
    );
    assert_eq!(
        loopback.parse("http://169.254.169.254/"),
        Err(E::Address(Metadata))
    );
    let private = OutboundPolicy {
        allow_insecure_private: true,
        ..OutboundPolicy::default()
    };
    assert!(private.parse("https://10.0.0.1/").is_ok());
    assert_eq!(private.parse("http://10.0.0.1/"), Err(E::Scheme));
    assert_eq!(private.parse("https://localhost/"), Err(E::Localhost));
    assert_eq!(
        private.parse("https://[fd00:ec2::254]/"),
        Err(E::Address(Metadata))
    );
}
