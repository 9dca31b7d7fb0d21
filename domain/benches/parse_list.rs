//! How long parsing a pasted list of 10,000 entries takes (the budget is 20 ms).

use std::hint::black_box;

use clientele_domain::email::{parse_items, parse_text, ParseLimits, ParseSummary};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// 10,000 entries of every kind (bare, named, quoted with a comma, mailto, angle only, IDN,
/// invalid, duplicates) joined by mixed separators. Deterministic: no random source needed.
fn mixed_list(count: usize) -> (String, Vec<String>) {
    let separators = [", ", ";", "\n", "\t", "  ", ",\n", "\r\n", " ; "];
    let mut state: u32 = 0x9e37_79b9;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let mut text = String::with_capacity(count * 32);
    let mut items = Vec::with_capacity(count);
    for i in 0..count {
        let r = next();
        let entry = match r % 10 {
            0..=2 => format!("user{i}@example{}.com", i % 97),
            3 => format!("Jane Doe{i} <jane.doe{i}@Example.ORG>"),
            4 => format!("\"Doe, Jane {i}\" <doe{i}@mail.example.net>"),
            5 => format!("mailto:contact{i}@shop{}.example", i % 13),
            6 => format!("<angle{i}@x{}.io>", i % 7),
            7 => format!("user{}@EXAMPLE{}.com", i / 2, (i / 2) % 97), // often a duplicate
            8 => match r % 5 {
                0 => format!("no-at-sign-{i}"),
                1 => format!("nodot{i}@localhost"),
                2 => format!("bad local{i}@x.org"),
                3 => "<>".to_string(),
                _ => format!("user{i}@-bad-.org"),
            },
            _ => format!("kunde{i}@bücher{}.example", i % 5),
        };
        if i > 0 {
            text.push_str(separators[(r >> 8) as usize % separators.len()]);
        }
        text.push_str(&entry);
        items.push(entry);
    }
    (text, items)
}

fn bench(c: &mut Criterion) {
    let (text, items) = mixed_list(10_000);
    let limits = ParseLimits::default();
    let parsed = parse_text(&text, &limits).expect("10,000 entries are within the default limit");
    let summary = ParseSummary::of(&parsed);
    eprintln!(
        "{} bytes, {} entries: {} valid, {} invalid, {} duplicates",
        text.len(),
        summary.total,
        summary.valid,
        summary.invalid,
        summary.duplicates
    );

    let mut group = c.benchmark_group("parse_list");
    group.throughput(Throughput::Elements(parsed.len() as u64));
    group.bench_function("parse_text 10k mixed", |b| {
        b.iter(|| parse_text(black_box(&text), &limits))
    });
    group.bench_function("parse_items 10k mixed", |b| {
        b.iter(|| parse_items(black_box(&items), &limits))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
