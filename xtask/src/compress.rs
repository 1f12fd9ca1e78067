//! Precompressed copies of every asset (`.gz` and `.br` beside each file), written into Trunk's
//! staging directory after the CSP is in place, so that a static host that serves them by
//! `Accept-Encoding` (CloudFront, nginx `gzip_static`/`brotli_static`, the sandbox's console
//! server) never compresses on the fly and always at the best level.

use std::io::Write;
use std::path::{Path, PathBuf};

/// What is worth compressing: text and wasm. Images other than SVG are compressed already.
const EXTENSIONS: [&str; 6] = ["html", "js", "wasm", "css", "svg", "json"];

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, out)?;
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e)) {
            out.push(path);
        }
    }
    Ok(())
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to memory");
    out
}

/// Writes `NAME.gz` and `NAME.br` for every asset under `dir`.
pub fn precompress(dir: &Path) -> Result<(), String> {
    let mut list = vec![];
    files(dir, &mut list).map_err(|e| format!("{}: {e}", dir.display()))?;
    for path in list {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (ext, packed) in [("gz", gzip(&bytes)), ("br", brotli(&bytes))] {
            let mut name = path.clone().into_os_string();
            name.push(format!(".{ext}"));
            std::fs::write(&name, packed).map_err(|e| format!("{}: {e}", PathBuf::from(&name).display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn both_encodings_round_trip_and_shrink_text() {
        let text = "custom key store ".repeat(200).into_bytes();
        let gz = gzip(&text);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut back).unwrap();
        assert_eq!(back, text);
        let br = brotli(&text);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, text);
        assert!(br.len() < text.len() / 10 && gz.len() < text.len() / 10);
    }

    #[test]
    fn every_asset_gets_its_two_copies_and_others_none() {
        let dir = std::env::temp_dir().join(format!("cks-precompress-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("index.html"), "<html></html>").unwrap();
        std::fs::write(dir.join("sub/app.wasm"), [0u8, 97, 115, 109]).unwrap();
        std::fs::write(dir.join("photo.png"), [137u8, 80]).unwrap();
        precompress(&dir).unwrap();
        for f in ["index.html.gz", "index.html.br", "sub/app.wasm.gz", "sub/app.wasm.br"] {
            assert!(dir.join(f).is_file(), "{f}");
        }
        assert!(!dir.join("photo.png.gz").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
