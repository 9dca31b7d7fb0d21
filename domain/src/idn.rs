//! Internationalized domain names to ASCII: UTS #46 processing as the URL standard applies it
//! (`bücher.example` → `xn--bcher-kva.example`). Natively (the server) the `idna` crate does
//! it; in the browser (wasm32) the browser's own URL parser, which implements the same
//! standard, so that the web app does not carry Unicode normalization tables — about 170 KB of
//! its wasm. Only names with non-ASCII characters come here.

/// The ASCII form of `domain`, or `Err` when it is not a valid internationalized name.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn domain_to_ascii(domain: &str) -> Result<String, ()> {
    idna::domain_to_ascii(domain).map_err(|_| ())
}

/// The ASCII form of `domain`, or `Err` when it is not a valid internationalized name.
///
/// ASCII punctuation is refused before the browser sees it (the URL parser would end the host
/// at `/` or `@`, or escape it). `idna` keeps it, and then the address check refuses the
/// domain all the same; only a managed-domain comparison of such a non-name differs (it falls
/// back to comparing the lowercase text). A last label `.a` is added for the parse, so that a
/// numeric last label is not read as an IPv4 address.
#[cfg(target_arch = "wasm32")]
pub(crate) fn domain_to_ascii(domain: &str) -> Result<String, ()> {
    if domain
        .bytes()
        .any(|b| b.is_ascii() && !(b.is_ascii_alphanumeric() || b == b'-' || b == b'.'))
    {
        return Err(());
    }
    let url = web_sys::Url::new(&format!("http://{domain}.a/")).map_err(|_| ())?;
    url.hostname().strip_suffix(".a").map(str::to_owned).ok_or(())
}

#[cfg(test)]
mod tests {
    use super::domain_to_ascii;

    /// The same names and answers are checked in the browser (`tests/web_add_customers.rs`).
    #[test]
    fn internationalized_names_become_their_xn_form() {
        for (name, ascii) in [
            ("bücher.example", "xn--bcher-kva.example"),
            ("MÜNCHEN.de", "xn--mnchen-3ya.de"),
            ("例え.テスト", "xn--r8jz45g.xn--zckzah"),
            ("straße.de", "xn--strae-oqa.de"),
            ("bücher.123", "xn--bcher-kva.123"),
        ] {
            assert_eq!(domain_to_ascii(name).as_deref(), Ok(ascii), "{name}");
        }
    }
}
