//! What kind of network an IP address belongs to, for deciding whether the issuer may
//! open a connection to it. Special-purpose ranges follow the IANA registries (RFC 6890
//! and its updates); addresses that embed an IPv4 address (IPv4-mapped, NAT64, 6to4)
//! are judged by the address they lead to.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The kind of network an address belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressClass {
    /// Globally routable: the only class an outbound request reaches by default.
    Public,
    /// This host (`127.0.0.0/8`, `::1`).
    Loopback,
    /// Private networks: RFC 1918 (`10/8`, `172.16/12`, `192.168/16`), the shared
    /// address space of carrier-grade NAT (`100.64/10`, RFC 6598) and unique local
    /// IPv6 addresses (`fc00::/7`, RFC 4193).
    Private,
    /// Link-local (`169.254/16`, `fe80::/10`).
    LinkLocal,
    /// A cloud provider's instance metadata service (`169.254.169.254`,
    /// `fd00:ec2::254`, and a few others): credentials live there.
    Metadata,
    /// The unspecified address (`0.0.0.0`, `::`).
    Unspecified,
    /// Multicast (`224/4`, `ff00::/8`).
    Multicast,
    /// The limited broadcast address `255.255.255.255`.
    Broadcast,
    /// Any other special-purpose range: "this network", documentation, benchmarking,
    /// protocol assignments, the reserved `240/4`, deprecated IPv6 forms, and IPv6
    /// outside global unicast `2000::/3`.
    Reserved,
}

/// Instance metadata endpoints reachable from cloud machines: AWS, GCP, Azure and
/// OpenStack (`169.254.169.254`), AWS over IPv6 (`fd00:ec2::254`), Alibaba Cloud
/// (`100.100.100.200`), Azure's wire server (`168.63.129.16`) and Oracle Cloud
/// (`192.0.0.192`).
const METADATA_V4: [Ipv4Addr; 4] = [
    Ipv4Addr::new(169, 254, 169, 254),
    Ipv4Addr::new(100, 100, 100, 200),
    Ipv4Addr::new(168, 63, 129, 16),
    Ipv4Addr::new(192, 0, 0, 192),
];
const METADATA_V6: [Ipv6Addr; 1] = [Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254)];

/// Whether `ip` lies in `base/len`.
fn in_v4(ip: Ipv4Addr, base: [u8; 4], len: u32) -> bool {
    let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(base)) & mask
}

/// Whether `ip` lies in `base/len`.
fn in_v6(ip: Ipv6Addr, base: [u16; 8], len: u32) -> bool {
    let mask = u128::MAX.checked_shl(128 - len).unwrap_or(0);
    u128::from(ip) & mask == u128::from(Ipv6Addr::from(base)) & mask
}

/// The class of an address.
///
/// ```
/// use portcullis_idp::outbound::{AddressClass, classify};
/// assert_eq!(classify("93.184.215.14".parse().unwrap()), AddressClass::Public);
/// assert_eq!(classify("::ffff:10.1.2.3".parse().unwrap()), AddressClass::Private);
/// ```
pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    use AddressClass as C;
    if METADATA_V4.contains(&ip) {
        return C::Metadata;
    }
    let ranges: [([u8; 4], u32, AddressClass); 18] = [
        ([0, 0, 0, 0], 32, C::Unspecified),
        ([255, 255, 255, 255], 32, C::Broadcast),
        ([0, 0, 0, 0], 8, C::Reserved),
        ([127, 0, 0, 0], 8, C::Loopback),
        ([10, 0, 0, 0], 8, C::Private),
        ([172, 16, 0, 0], 12, C::Private),
        ([192, 168, 0, 0], 16, C::Private),
        ([100, 64, 0, 0], 10, C::Private),
        ([169, 254, 0, 0], 16, C::LinkLocal),
        ([224, 0, 0, 0], 4, C::Multicast),
        ([240, 0, 0, 0], 4, C::Reserved),
        ([192, 0, 0, 0], 24, C::Reserved),
        ([192, 0, 2, 0], 24, C::Reserved),
        ([198, 51, 100, 0], 24, C::Reserved),
        ([203, 0, 113, 0], 24, C::Reserved),
        ([198, 18, 0, 0], 15, C::Reserved),
        ([192, 88, 99, 0], 24, C::Reserved),
        ([192, 31, 196, 0], 24, C::Reserved),
    ];
    ranges
        .iter()
        .find(|(base, len, _)| in_v4(ip, *base, *len))
        .map_or(C::Public, |(_, _, class)| *class)
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    use AddressClass as C;
    if METADATA_V6.contains(&ip) {
        return C::Metadata;
    }
    let bits = u128::from(ip);
    // Forms that carry an IPv4 address and reach it: IPv4-mapped (::ffff:0:0/96),
    // the NAT64 well-known prefix (64:ff9b::/96, RFC 6052) and 6to4 (2002::/16).
    let low32 = Ipv4Addr::from((bits & 0xffff_ffff) as u32);
    if in_v6(ip, [0, 0, 0, 0, 0, 0xffff, 0, 0], 96)
        || in_v6(ip, [0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96)
    {
        return classify_v4(low32);
    }
    if in_v6(ip, [0x2002, 0, 0, 0, 0, 0, 0, 0], 16) {
        return classify_v4(Ipv4Addr::from(((bits >> 80) & 0xffff_ffff) as u32));
    }
    let ranges: [([u16; 8], u32, AddressClass); 9] = [
        ([0, 0, 0, 0, 0, 0, 0, 0], 128, C::Unspecified),
        ([0, 0, 0, 0, 0, 0, 0, 1], 128, C::Loopback),
        ([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, C::Private),
        ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, C::LinkLocal),
        ([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, C::Multicast),
        // Inside global unicast 2000::/3: IETF protocol assignments (Teredo,
        // benchmarking, ORCHID) and documentation.
        ([0x2001, 0, 0, 0, 0, 0, 0, 0], 23, C::Reserved),
        ([0x2001, 0x0db8, 0, 0, 0, 0, 0, 0], 32, C::Reserved),
        ([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, C::Reserved),
        // Everything else in global unicast is public; the rest of the space
        // (IPv4-compatible, discard-only 100::/64, site-local fec0::/10, unassigned)
        // is not.
        ([0x2000, 0, 0, 0, 0, 0, 0, 0], 3, C::Public),
    ];
    ranges
        .iter()
        .find(|(base, len, _)| in_v6(ip, *base, *len))
        .map_or(C::Reserved, |(_, _, class)| *class)
}
