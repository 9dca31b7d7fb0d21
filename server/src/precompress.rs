//! Brotli and gzip copies of the built web app's files, made once at build time
//! (`clientele compress DIST`), so that the server sends each browser the smallest encoding it
//! accepts without compressing anything per request. Brotli at quality 11 takes seconds for
//! the wasm: fine once per build, far too slow per response.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// The kinds of file worth compressing: the app's code, styles and pages. Images in `public/`
/// are compressed already (or tiny).
const COMPRESSIBLE: [&str; 6] = ["wasm", "js", "css", "html", "svg", "json"];

/// One file and what its copies weigh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compressed {
    /// The original file.
    pub path: PathBuf,
    /// Its size.
    pub raw: u64,
    /// The size of `PATH.gz`.
    pub gzip: u64,
    /// The size of `PATH.br`.
    pub brotli: u64,
}

/// Writes `FILE.br` (Brotli, quality 11) and `FILE.gz` (gzip, level 9) beside every
/// compressible file under `dist`, replacing older copies. Answers what it wrote, in path order.
pub fn precompress(dist: &Path) -> anyhow::Result<Vec<Compressed>> {
    let mut files = Vec::new();
    collect(dist, &mut files)?;
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            let brotli = brotli_bytes(&bytes)?;
            let gzip = gzip_bytes(&bytes)?;
            write_beside(&path, "br", &brotli)?;
            write_beside(&path, "gz", &gzip)?;
            Ok(Compressed {
                raw: bytes.len() as u64,
                gzip: gzip.len() as u64,
                brotli: brotli.len() as u64,
                path,
            })
        })
        .collect()
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("reading the directory {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e))
        {
            files.push(path);
        }
    }
    Ok(())
}

fn write_beside(path: &Path, extension: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    std::fs::write(&name, bytes).with_context(|| format!("writing {}", Path::new(&name).display()))
}

/// Brotli at its best quality and largest window (what `brotli -q 11` writes).
pub fn brotli_bytes(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// gzip at level 9 (what `gzip -9` writes).
pub fn gzip_bytes(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn copies_decompress_to_the_original_and_other_files_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("help-center");
        std::fs::create_dir(&nested).unwrap();
        let script = "export function start() { return 42; }\n".repeat(50);
        std::fs::write(nested.join("app.js"), &script).unwrap();
        std::fs::write(dir.path().join("photo.png"), b"\x89PNG").unwrap();
        let written = precompress(dir.path()).unwrap();
        assert_eq!(written.len(), 1);
        assert!(written[0].brotli < written[0].gzip && written[0].gzip < written[0].raw);

        let mut from_gzip = String::new();
        flate2::read::GzDecoder::new(&std::fs::read(nested.join("app.js.gz")).unwrap()[..])
            .read_to_string(&mut from_gzip)
            .unwrap();
        assert_eq!(from_gzip, script);
        let mut from_brotli = String::new();
        brotli::Decompressor::new(&std::fs::read(nested.join("app.js.br")).unwrap()[..], 4096)
            .read_to_string(&mut from_brotli)
            .unwrap();
        assert_eq!(from_brotli, script);
        assert!(!dir.path().join("photo.png.br").exists());
    }
}
