//! What a browser downloads to start the panel: the `.wasm`, JS and CSS Trunk wrote,
//! raw and as gzip (level 9) and brotli (quality 11) would send them.

use std::io::Write;
use std::path::Path;

use crate::report::Report;

/// The panel's budget: everything it downloads, brotli-compressed. The bundle may grow for
/// features (each change says by how much and for what), never for nothing.
const BROTLI_BUDGET_KB: f64 = 300.0;

#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

impl std::ops::AddAssign for Sizes {
    fn add_assign(&mut self, o: Sizes) {
        self.raw += o.raw;
        self.gzip += o.gzip;
        self.brotli += o.brotli;
    }
}

pub fn sizes(bytes: &[u8]) -> Sizes {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("writing to memory");
    let gzip = gz.finish().expect("writing to memory").len();
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).expect("writing to memory");
    Sizes {
        raw: bytes.len(),
        gzip,
        brotli: br.len(),
    }
}

/// Measures every asset of one kind in `dist` (Trunk hashes names, so by extension).
pub fn measure(dist: &Path, report: &mut Report) -> std::io::Result<()> {
    let mut total = Sizes::default();
    for (kind, ext) in [
        ("WebAssembly", "wasm"),
        ("JavaScript", "js"),
        ("CSS", "css"),
    ] {
        let mut kind_sizes = Sizes::default();
        for entry in std::fs::read_dir(dist)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == ext) {
                kind_sizes += sizes(&std::fs::read(&path)?);
            }
        }
        if kind_sizes.raw == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "no .{ext} file in {}: build the panel first",
                    dist.display()
                ),
            ));
        }
        report.add(
            format!("bundle: {kind}, raw"),
            kb(kind_sizes.raw),
            "kB",
            None,
        );
        report.add(
            format!("bundle: {kind}, brotli"),
            kb(kind_sizes.brotli),
            "kB",
            None,
        );
        total += kind_sizes;
    }
    report.add(
        "bundle: total (wasm + JS + CSS), raw",
        kb(total.raw),
        "kB",
        None,
    );
    report.add("bundle: total, gzip -9", kb(total.gzip), "kB", None);
    report.add(
        "bundle: total, brotli -11",
        kb(total.brotli),
        "kB",
        Some(BROTLI_BUDGET_KB),
    );
    Ok(())
}

/// Kilobytes (1,000 bytes), one decimal.
fn kb(bytes: usize) -> f64 {
    (bytes as f64 / 1000.0 * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compression_shrinks_repetitive_text_and_brotli_round_trips() {
        let text = "fn main() { println!(\"hello\"); }\n".repeat(200);
        let s = sizes(text.as_bytes());
        assert_eq!(s.raw, text.len());
        assert!(s.gzip < s.raw / 10, "{s:?}");
        assert!(s.brotli < s.raw / 10, "{s:?}");
        let mut br = Vec::new();
        brotli::BrotliCompress(&mut text.as_bytes(), &mut br, &Default::default()).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
    }
}
