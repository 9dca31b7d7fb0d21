//! Network addresses the server reasons about: the CIDR blocks of trusted proxies, and the
//! client address a request really comes from.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// A block of addresses, `ADDRESS/PREFIX` (e.g. `10.0.0.0/8`, `fd00::/8`); a bare address is a
/// block of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Whether `ip` lies in this block. An IPv4 address mapped into IPv6 (`::ffff:a.b.c.d`)
    /// matches IPv4 blocks.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

impl FromStr for Cidr {
    type Err = String;

    fn from_str(text: &str) -> Result<Cidr, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let network =
            canonical(address.parse::<IpAddr>().map_err(|_| {
                format!("{text:?} is not an address block: use ADDRESS/PREFIX, e.g. 10.0.0.0/8")
            })?);
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{text:?}: the prefix must be a number from 0 to {max}"))?,
        };
        Ok(Cidr { network, prefix })
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// The address a request comes from. The connection's peer, unless the peer is a trusted
/// proxy: then the `X-Forwarded-For` entries are read from the right (each proxy appends the
/// address it saw) and the first one that is not itself a trusted proxy is the client. Entries
/// a client wrote itself sit to the left of that and are never read, so they cannot be forged
/// into a key; with no trusted proxies configured the header is ignored altogether.
pub fn client_address<'a>(
    peer: IpAddr,
    forwarded_for: impl DoubleEndedIterator<Item = &'a str>,
    trusted: &[Cidr],
) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|block| block.contains(ip));
    let mut client = canonical(peer);
    if !is_trusted(client) {
        return client;
    }
    for header in forwarded_for.rev() {
        for entry in header.split(',').rev() {
            let Ok(ip) = entry.trim().parse::<IpAddr>() else {
                // Not an address: what lies further left cannot be trusted either.
                return client;
            };
            client = canonical(ip);
            if !is_trusted(client) {
                return client;
            }
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn blocks_parse_and_contain_what_they_should() {
        let block: Cidr = "10.1.0.0/16".parse().unwrap();
        assert!(block.contains(ip("10.1.255.3")));
        assert!(!block.contains(ip("10.2.0.1")));
        assert!(block.contains(ip("::ffff:10.1.0.9")));
        let one: Cidr = "192.0.2.7".parse().unwrap();
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let v6: Cidr = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        let all: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.1")));
        for wrong in ["10.0.0.0/33", "nonsense", "10.0.0.0/x", "::/129"] {
            assert!(wrong.parse::<Cidr>().is_err(), "{wrong}");
        }
    }

    #[test]
    fn forwarded_for_is_read_only_behind_a_trusted_proxy_and_from_the_right() {
        let proxies: Vec<Cidr> = vec!["10.0.0.0/8".parse().unwrap()];
        let from = |peer: &str, headers: &[&str]| client_address(ip(peer), headers.iter().copied(), &proxies);
        // Not from a proxy: the header is the client's own words.
        assert_eq!(from("203.0.113.5", &["198.51.100.1"]), ip("203.0.113.5"));
        // From the proxy: the address it appended.
        assert_eq!(from("10.0.0.2", &["198.51.100.1"]), ip("198.51.100.1"));
        // A forged entry to the left of the real one is never read.
        assert_eq!(from("10.0.0.2", &["1.2.3.4, 198.51.100.1"]), ip("198.51.100.1"));
        // Two proxies in a row, over two header lines.
        assert_eq!(
            from("10.0.0.2", &["198.51.100.1", "10.0.0.3"]),
            ip("198.51.100.1")
        );
        // Garbage stops the walk at the last trusted hop.
        assert_eq!(from("10.0.0.2", &["198.51.100.1, junk"]), ip("10.0.0.2"));
        // No header: the proxy itself.
        assert_eq!(from("10.0.0.2", &[]), ip("10.0.0.2"));
        // No trusted proxies: never read.
        assert_eq!(
            client_address(ip("10.0.0.2"), ["198.51.100.1"].into_iter(), &[]),
            ip("10.0.0.2")
        );
    }
}
