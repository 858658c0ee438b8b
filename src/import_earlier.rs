//! Where an import finds the earlier row of the file that named the same thing, without a
//! list of the file's rows: the rows it wrote are found by the ledger's own indexes (they are
//! in the open transaction), and each carries its file line in its id; a row that named a
//! row the ledger had before the import is noted in a temporary table, on the disk.
//!
//! The ids of the rows an import writes are UUID v7 whose low [`LINE_BITS`] bits are the
//! row's line in the file and whose other bits are one id drawn when the import starts (the
//! clock's milliseconds, the version, the variant and the random bits above the line):
//! RFC 9562's monotonic counter, counted in lines. They stay unique (a line is written once
//! per import) and time-ordered (lines only grow), and a row of the import's change set
//! gives back its line without anything kept per row.

use rusqlite::{Connection, OptionalExtension, ToSql};
use uuid::{NoContext, Timestamp, Uuid};

use crate::error::Result;

/// The bits of an imported row's id that hold its line in the file (far more lines than a
/// file within the import's size limits can have).
pub const LINE_BITS: u32 = 36;

const LINE_MASK: u128 = (1 << LINE_BITS) - 1;

/// The earlier rows of one import's file.
pub struct Earlier {
    /// The id of every row this import writes, its line bits cleared.
    base: u128,
    /// Whether the temporary table of rows that named a row from before exists yet.
    noted: bool,
}

impl Default for Earlier {
    fn default() -> Self {
        Self::new()
    }
}

impl Earlier {
    /// A new import's: its ids drawn now.
    pub fn new() -> Self {
        // All 74 bits after the clock's random (no counter shared with the process's other
        // ids, so none of them falls in the import's range but by a 2^-37 chance); the top
        // random bit cleared (as `V7Seq` does), so that no line reaches the variant bits.
        let drawn = Uuid::new_v7(Timestamp::now(NoContext));
        Earlier {
            base: drawn.as_u128() & !LINE_MASK & !(1u128 << 61),
            noted: false,
        }
    }

    /// The id of the row written for `line`.
    pub fn id(&self, line: usize) -> Uuid {
        debug_assert!(
            (line as u128) <= LINE_MASK,
            "line {line} past the id's line bits"
        );
        Uuid::from_u128(self.base | (line as u128 & LINE_MASK))
    }

    /// The file line of a row this import wrote, from its id; none for an id of another write.
    pub fn line_of(&self, id: &[u8; 16]) -> Option<usize> {
        let id = u128::from_be_bytes(*id);
        (id & !LINE_MASK == self.base).then_some((id & LINE_MASK) as usize)
    }

    /// The first line of the file that named `key` (a row's natural key, or the id of the
    /// row it names), something the ledger had before the import (see [`Earlier::note`]).
    pub fn named_before(&self, conn: &Connection, key: &dyn ToSql) -> Result<Option<usize>> {
        if !self.noted {
            return Ok(None);
        }
        Ok(conn
            .prepare_cached("SELECT line FROM temp.import_named WHERE key = ?1")?
            .query_row([key], |r| r.get::<_, i64>(0))
            .optional()?
            .map(|l| l as usize))
    }

    /// Notes that `line` named `key`, something the ledger had before the import (the first
    /// line that did is kept). The table lives in SQLite's temporary database, a file with a
    /// cache of its own, so a file of rows already imported keeps memory flat too.
    pub fn note(&mut self, conn: &Connection, key: &dyn ToSql, line: usize) -> Result<()> {
        if !self.noted {
            conn.execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS import_named
                     (key BLOB PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID;
                 DELETE FROM temp.import_named;",
            )?;
            self.noted = true;
        }
        conn.prepare_cached("INSERT OR IGNORE INTO temp.import_named (key, line) VALUES (?1, ?2)")?
            .execute((key, line as i64))?;
        Ok(())
    }

    /// Ends the import: the temporary table is dropped.
    pub fn finish(&mut self, conn: &Connection) -> Result<()> {
        if self.noted {
            conn.execute_batch("DROP TABLE IF EXISTS temp.import_named")?;
            self.noted = false;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::new_uuid;

    #[test]
    fn an_imported_row_s_id_gives_back_its_line_and_ids_grow_with_lines() {
        let e = Earlier::new();
        let (a, b) = (e.id(2), e.id(1_000_001));
        assert!(a < b);
        assert_eq!(a.get_version_num(), 7);
        assert_eq!(b.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(e.line_of(a.as_bytes()), Some(2));
        assert_eq!(e.line_of(b.as_bytes()), Some(1_000_001));
        assert_eq!(e.line_of(new_uuid().as_bytes()), None);
        assert_eq!(Earlier::new().line_of(a.as_bytes()), None);
    }
}
