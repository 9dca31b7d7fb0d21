//! Statements built at run time (lists of ids, optional filters, multi-row inserts), written
//! once for both backends: the text uses `?` placeholders, and the values travel beside it
//! until [`bind_all!`] binds them to the backend's query.

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Int(i64),
    Text(String),
    Bool(bool),
    MaybeInt(Option<i64>),
    MaybeText(Option<String>),
}

impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Value {
        Value::MaybeInt(v)
    }
}

impl From<&Option<String>> for Value {
    fn from(v: &Option<String>) -> Value {
        Value::MaybeText(v.clone())
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}

impl From<&i64> for Value {
    fn from(v: &i64) -> Value {
        Value::Int(*v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_owned())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}

/// A statement's text and the values of its placeholders, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Statement {
    pub(crate) sql: String,
    pub(crate) values: Vec<Value>,
    /// Planned anew for its values each time (not kept as a prepared statement on the
    /// connection, whose plan could become a generic one, blind to the values).
    pub(crate) plan_each_time: bool,
}

impl Statement {
    pub(crate) fn new(sql: impl Into<String>) -> Statement {
        Statement {
            sql: sql.into(),
            values: Vec::new(),
            plan_each_time: false,
        }
    }

    /// Appends text.
    pub(crate) fn push(&mut self, sql: &str) -> &mut Statement {
        self.sql.push_str(sql);
        self
    }

    /// Appends one placeholder bound to `value`.
    pub(crate) fn bind(&mut self, value: impl Into<Value>) -> &mut Statement {
        self.sql.push('?');
        self.values.push(value.into());
        self
    }

    /// Appends `?, ?, …`, one placeholder per value.
    pub(crate) fn list<V: Into<Value>>(&mut self, values: impl IntoIterator<Item = V>) -> &mut Statement {
        for (n, value) in values.into_iter().enumerate() {
            if n > 0 {
                self.sql.push_str(", ");
            }
            self.bind(value);
        }
        self
    }

    /// Appends `VALUES (…), (…)`: one row per item, its values given by `row`.
    pub(crate) fn rows<T>(&mut self, items: &[T], mut row: impl FnMut(&T) -> Vec<Value>) -> &mut Statement {
        self.sql.push_str("VALUES ");
        for (n, item) in items.iter().enumerate() {
            if n > 0 {
                self.sql.push_str(", ");
            }
            self.sql.push('(');
            self.list(row(item));
            self.sql.push(')');
        }
        self
    }
}

/// A `LIKE … ESCAPE '\'` pattern matching text that contains `text` (lowercased; NULs dropped;
/// `\`, `%` and `_` matched as themselves).
pub(crate) fn contains_pattern(text: &str) -> String {
    let escaped = text
        .trim()
        .to_lowercase()
        .replace('\0', "")
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// `$query` (a `sqlx::query*` of the statement's text) with every value of `$statement` bound.
macro_rules! bind_all {
    ($query:expr, $statement:expr) => {{
        let mut query = $query;
        for value in $statement.values {
            query = match value {
                $crate::store::sql::Value::Int(v) => query.bind(v),
                $crate::store::sql::Value::Text(v) => query.bind(v),
                $crate::store::sql::Value::Bool(v) => query.bind(v),
                $crate::store::sql::Value::MaybeInt(v) => query.bind(v),
                $crate::store::sql::Value::MaybeText(v) => query.bind(v),
            };
        }
        query
    }};
}

pub(crate) use bind_all;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_rows_place_one_placeholder_per_value() {
        let mut s = Statement::new("SELECT id FROM users WHERE id IN (");
        s.list([1_i64, 2, 3]).push(") AND kind = ").bind("portal");
        assert_eq!(s.sql, "SELECT id FROM users WHERE id IN (?, ?, ?) AND kind = ?");
        assert_eq!(s.values.len(), 4);
        let mut insert = Statement::new("INSERT INTO t (a, b) ");
        insert.rows(&[(1_i64, true), (2, false)], |(a, b)| {
            vec![Value::from(*a), Value::from(*b)]
        });
        assert_eq!(insert.sql, "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)");
    }
}
