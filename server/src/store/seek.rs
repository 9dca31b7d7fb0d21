//! Where a page of a list begins: after a number of rows (JSM's `start`), or after the row with
//! a given key in the list's order (a cursor, which stays right while rows come and go before
//! it). Every list orders by a key that ends in a unique id, so "after this key" is exact.

/// The key of a row in its list's order: the id, and for lists ordered by name first (the
/// organizations), the name's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub id: i64,
    pub name: Option<String>,
}

impl Key {
    /// The key of a list ordered by id.
    pub fn id(id: i64) -> Key {
        Key { id, name: None }
    }

    /// The key of a list ordered by a name key, then id.
    pub fn named(name: impl Into<String>, id: i64) -> Key {
        Key {
            id,
            name: Some(name.into()),
        }
    }
}

/// Where a page begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seek {
    /// After this many rows.
    Offset(i64),
    /// After the row with this key.
    After(Key),
}

impl Seek {
    /// The rows to skip with `OFFSET` (none after a key).
    pub fn offset(&self) -> i64 {
        match self {
            Seek::Offset(n) => *n,
            Seek::After(_) => 0,
        }
    }

    /// The id to continue after, in a list ordered by id.
    pub fn after_id(&self) -> Option<i64> {
        match self {
            Seek::Offset(_) => None,
            Seek::After(key) => Some(key.id),
        }
    }

    /// For an ascending list by id: the bound of `id > ?` (0, below every id, from the start).
    pub(super) fn id_above(&self) -> i64 {
        self.after_id().unwrap_or(0)
    }

    /// For a descending list by id: the bound of `id < ?` (above every id, from the start).
    pub(super) fn id_below(&self) -> i64 {
        self.after_id().unwrap_or(i64::MAX)
    }

    /// For a list by name key then id: the bound of `(name_key, id) > (?, ?)`.
    pub(super) fn name_above(&self) -> (String, i64) {
        match self {
            Seek::After(Key { id, name }) => (name.clone().unwrap_or_default(), *id),
            Seek::Offset(_) => (String::new(), 0),
        }
    }
}
