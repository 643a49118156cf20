//! `argon2-time [N]`: times argon2id (m = 19 MiB, t = 2, p = 1, as `PasswordHasher::new`
//! in portcullis-idp) on the calling thread, N times each (default 30), and prints the
//! median, min and max in milliseconds of:
//! * `verify`: `Argon2::verify_password` against a stored PHC hash, what a login does
//!   (allocates its 19 MiB of blocks on every call, as the server does);
//! * `compute`: `hash_password_into_with_memory` on a block buffer allocated once: the
//!   hash alone, without allocation or page faults.
//!
//! The first `verify` (fresh memory from the OS) is shown apart. Wall times include any
//! time the thread was preempted on a busy machine, so the CPU time per call is printed
//! too (this process's utime + stime from /proc/self/stat over the N calls, comparable
//! with the server's CPU time per request measured by bench/issuer.sh).

use std::time::Instant;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

fn summary(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let median = if ms.len() % 2 == 1 {
        ms[ms.len() / 2]
    } else {
        (ms[ms.len() / 2 - 1] + ms[ms.len() / 2]) / 2.0
    };
    println!(
        "{name}: median {median:.2} ms, min {:.2} ms, max {:.2} ms ({} runs)",
        ms[0],
        ms[ms.len() - 1],
        ms.len()
    );
}

/// This process's CPU time (user + system) in milliseconds, from /proc/self/stat.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesized command name; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|v| v.parse().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    ticks * 10.0 // USER_HZ is 100 on Linux
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(30, |s| s.parse().expect("N must be a number"));
    let params = Params::new(19 * 1024, 2, 1, None).expect("parameters");
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let password = b"bench-password-7Qz4-not-secret";
    let salt = SaltString::from_b64("c2FsdHNhbHRzYWx0c2FsdA").expect("salt");

    let start = Instant::now();
    let phc = argon.hash_password(password, &salt).expect("hash").to_string();
    let first_hash = start.elapsed().as_secs_f64() * 1e3;
    let parsed = PasswordHash::new(&phc).expect("PHC string");

    let mut verify = Vec::with_capacity(n);
    let mut first_verify = None;
    let cpu_before = cpu_ms();
    for _ in 0..n {
        let start = Instant::now();
        argon.verify_password(password, &parsed).expect("the password matches");
        let ms = start.elapsed().as_secs_f64() * 1e3;
        first_verify.get_or_insert(ms);
        verify.push(ms);
    }

    let verify_cpu = (cpu_ms() - cpu_before) / n as f64;
    let mut blocks = vec![Block::default(); params.block_count()];
    let cpu_before = cpu_ms();
    let mut out = [0u8; 32];
    let mut compute = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        argon
            .hash_password_into_with_memory(password, b"saltsaltsaltsalt", &mut out, &mut blocks)
            .expect("hash");
        compute.push(start.elapsed().as_secs_f64() * 1e3);
    }

    let compute_cpu = (cpu_ms() - cpu_before) / n as f64;
    println!("argon2id m={} KiB t={} p={}", params.m_cost(), params.t_cost(), params.p_cost());
    println!("first hash (cold process): {first_hash:.2} ms; first verify: {:.2} ms", first_verify.unwrap_or(0.0));
    summary("verify (allocates per call, as the server)", verify);
    summary("compute (memory allocated once)", compute);
    println!("cpu per call: verify {verify_cpu:.2} ms, compute {compute_cpu:.2} ms");
}
