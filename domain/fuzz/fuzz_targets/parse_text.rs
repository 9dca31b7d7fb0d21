//! Feeds arbitrary bytes (as lossy UTF-8) to the email-list parser and checks what must hold
//! of every result: no panic, sound byte ranges, coherent statuses, and the entry limit.
#![no_main]

use clientele_domain::email::{parse_items, parse_text, Email, EntryStatus, ParseLimits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let unlimited = ParseLimits {
        max_entries: usize::MAX,
    };

    // Pasted text.
    let entries = parse_text(&text, &unlimited).expect("no limit");
    let mut previous_end = 0;
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e.index, i);
        assert!(previous_end <= e.start && e.start < e.end && e.end <= text.len());
        assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        assert_eq!(&text[e.start..e.end], e.input);
        assert_eq!(e.input.trim(), e.input);
        check_status(&entries, i);
        previous_end = e.end;
    }

    // The limit: one entry fewer than found is refused with the exact count.
    if let Some(max) = entries.len().checked_sub(1) {
        let err = parse_text(&text, &ParseLimits { max_entries: max }).unwrap_err();
        assert_eq!((err.max, err.found), (max, entries.len()));
    }

    // The same text as JSON-array elements (split at NUL bytes): never split again.
    let items: Vec<&str> = text.split('\0').collect();
    let entries = parse_items(&items, &unlimited).expect("no limit");
    assert_eq!(entries.len(), items.len());
    for (i, (e, item)) in entries.iter().zip(&items).enumerate() {
        assert!(e.start <= e.end && e.end <= item.len());
        assert_eq!(item.get(e.start..e.end), Some(e.input.as_str()));
        assert_eq!(item.trim(), e.input);
        check_status(&entries, i);
    }
});

fn check_status(entries: &[clientele_domain::email::ParsedEntry], i: usize) {
    let e = &entries[i];
    match e.status {
        EntryStatus::Valid => {
            let email = e.email.as_ref().expect("valid entries have an address");
            assert_eq!(Email::parse(email.as_str()).as_ref(), Ok(email));
            assert!(email.as_str().len() <= 254 && email.local_part().len() <= 64);
        }
        EntryStatus::Duplicate { of } => {
            assert!(of < i);
            assert_eq!(entries[of].status, EntryStatus::Valid);
            let key = |k: usize| entries[k].email.as_ref().map(Email::key);
            assert_eq!(key(of), key(i));
        }
        EntryStatus::Invalid { .. } => assert!(e.email.is_none()),
    }
    if let Some(name) = &e.display_name {
        assert!(!name.is_empty() && name.trim() == name);
    }
}
