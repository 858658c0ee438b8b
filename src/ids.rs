//! Identifiers and times: UUID v7 ids (stored as 16-byte blobs, shown hyphenated) with a
//! newtype per kind of row so one kind cannot be passed as another, and UTC timestamps.

use std::fmt;
use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A new time-ordered UUID v7.
pub fn new_uuid() -> Uuid {
    Uuid::now_v7()
}

/// Now, UTC, RFC 3339 with milliseconds.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A stored time (milliseconds since 1970-01-01 UTC, as rows keep `created_at` and
/// `updated_at`) as RFC 3339 with milliseconds.
pub fn ms_to_rfc3339(ms: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// Today's date in local time (what a clerk calls "today").
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// UUID v7 ids for many rows at once (a bulk insert): the first from the clock and random
/// bits, each next one counting up in its random bits (RFC 9562's monotonic counter), which
/// keeps them unique and time-ordered at a fraction of the cost of a fresh id each.
pub struct V7Seq(u128);

impl V7Seq {
    /// A sequence starting now.
    pub fn new() -> Self {
        // Clear the top random bit so that counting never carries into the variant bits.
        V7Seq(new_uuid().as_u128() & !(1u128 << 61))
    }
    /// The next id.
    pub fn next_id(&mut self) -> Uuid {
        let id = Uuid::from_u128(self.0);
        self.0 += 1;
        id
    }
}

impl Default for V7Seq {
    fn default() -> Self {
        Self::new()
    }
}

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh id.
            pub fn new() -> Self {
                Self(new_uuid())
            }
            /// The 16 bytes stored in the database.
            pub fn as_bytes(&self) -> &[u8; 16] {
                self.0.as_bytes()
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self)
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::Borrowed(ValueRef::Blob(self.0.as_bytes())))
            }
        }

        impl FromSql for $name {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                let b = v.as_blob()?;
                Uuid::from_slice(b)
                    .map(Self)
                    .map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

id_type!(
    /// The id of a zero-waste cell (无废细胞).
    CellId
);
id_type!(
    /// The id of a monthly record of a cell.
    RecordId
);
id_type!(
    /// The id of a row of reference data (kinds, districts).
    RefId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_v7_sequence_gives_distinct_ordered_v7_ids() {
        let mut s = V7Seq::new();
        let ids: Vec<Uuid> = (0..1000).map(|_| s.next_id()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        assert!(ids
            .iter()
            .all(|u| u.get_version_num() == 7 && u.get_variant() == uuid::Variant::RFC4122));
    }
}
