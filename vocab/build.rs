//! Builds the table of Basic Multilingual Plane characters that EUC-KR (as `encoding_rs`
//! implements it: the CP949 / windows-949 repertoire) can encode, as a bitmap, so that counting
//! bytes at run time is a bit lookup per character with no allocation and no encoder.

use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut bits = [0u64; 1024];
    let mut buf = [0u8; 4];
    for cp in 0x80u32..=0xFFFF {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let (bytes, _, unmappable) = encoding_rs::EUC_KR.encode(c.encode_utf8(&mut buf));
        if unmappable {
            continue;
        }
        // The counter assumes every encodable non-ASCII character takes two bytes.
        assert_eq!(
            bytes.len(),
            2,
            "U+{cp:04X} encodes to {} bytes",
            bytes.len()
        );
        bits[cp as usize / 64] |= 1 << (cp % 64);
    }
    let mut out = String::from("static EUC_KR_BMP: [u64; 1024] = [\n");
    for chunk in bits.chunks(8) {
        out.push_str("   ");
        for word in chunk {
            write!(out, " 0x{word:016x},").unwrap();
        }
        out.push('\n');
    }
    out.push_str("];\n");
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("euc_kr_bmp.rs");
    std::fs::write(path, out).unwrap();
}
