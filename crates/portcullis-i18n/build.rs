//! Embeds the catalogue: every `locales/<language>/*.ftl` file becomes part of the
//! binary, so adding a language is adding its folder.
#![allow(
    clippy::expect_used,
    reason = "a build script fails loudly: a missing or unreadable catalogue must stop the build"
)]

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut languages: Vec<_> = fs::read_dir(&root)
        .expect("locales/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    languages.sort();
    let mut out = String::from("&[\n");
    for dir in languages {
        println!("cargo:rerun-if-changed={}", dir.display());
        let tag = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 name");
        let mut files: Vec<_> = fs::read_dir(&dir)
            .expect("readable folder")
            .map(|e| e.expect("readable entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .collect();
        files.sort();
        write!(out, "    ({tag:?}, &[").expect("write to a String");
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .expect("UTF-8 name");
            write!(
                out,
                "({name:?}, include_str!({:?})), ",
                file.display().to_string()
            )
            .expect("write to a String");
        }
        out.push_str("]),\n");
    }
    out.push(']');
    let dest = Path::new(&env::var("OUT_DIR").expect("set by cargo")).join("catalogue.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
