//! The text index of the cells list. Each cell's name, code, address, contact and manager go
//! into the FTS5 table `cells_fts`: every character outside ASCII (Chinese) is a token of its
//! own, runs of ASCII letters and digits are lower-case words, and anything else (spaces,
//! punctuation, the end of a field) leaves a break token, so that characters are adjacent
//! tokens exactly when they stand together in one field. A search for Chinese text alone is
//! then answered by the index: one phrase of its characters. Other text with Chinese in it
//! finds its candidates through the index (each run of Chinese characters a phrase) and the
//! list checks them with the same LIKE as without the index. Text without Chinese (codes,
//! Latin names) is searched by LIKE alone.

use rusqlite::{Connection, OptionalExtension};

use super::ValidCell;
use crate::error::Result;
use crate::ids::CellId;

/// The token between characters that do not stand together (never part of a query).
const BREAK: &str = " zz";

/// The indexed text of a cell's searchable fields.
pub fn terms(fields: &[&str]) -> String {
    let mut out = String::new();
    let mut word = false;
    for f in fields {
        for c in f.chars() {
            if c.is_ascii_alphanumeric() {
                if !word {
                    out.push(' ');
                }
                out.push(c.to_ascii_lowercase());
                word = true;
            } else if c.is_alphanumeric() {
                out.push(' ');
                out.push(c);
                word = false;
            } else {
                if !out.ends_with(BREAK) {
                    out.push_str(BREAK);
                }
                word = false;
            }
        }
        if !out.ends_with(BREAK) {
            out.push_str(BREAK);
        }
        word = false;
    }
    out
}

/// How the index answers a search.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The index alone: the text is Chinese characters (without case) only, one phrase.
    Exact(String),
    /// Candidates from the index, to be checked with LIKE.
    Candidates(String),
}

/// How the index answers a search for `q`, or `None` when `q` holds no character it can look
/// up (then the list scans).
pub fn lookup(q: &str) -> Option<Lookup> {
    let q = q.trim();
    let m = match_query(q)?;
    // Characters without case (Chinese): the index, which folds case, agrees with LIKE.
    let caseless =
        |c: char| !c.is_ascii() && c.is_alphanumeric() && !c.is_uppercase() && !c.is_lowercase();
    Some(if q.chars().all(caseless) {
        Lookup::Exact(m)
    } else {
        Lookup::Candidates(m)
    })
}

/// The FTS5 query that finds a superset of the cells whose fields contain `q`, or `None` when
/// `q` holds no character the index can look up.
fn match_query(q: &str) -> Option<String> {
    let mut phrases = Vec::new();
    let mut run = Vec::new();
    for c in q.chars() {
        if !c.is_ascii() && c.is_alphanumeric() {
            run.push(c.to_string());
        } else if !run.is_empty() {
            phrases.push(format!("\"{}\"", run.join(" ")));
            run.clear();
        }
    }
    if !run.is_empty() {
        phrases.push(format!("\"{}\"", run.join(" ")));
    }
    (!phrases.is_empty()).then(|| phrases.join(" AND "))
}

fn fields(v: &ValidCell) -> [&str; 5] {
    [
        &v.name,
        v.uscc.as_deref().unwrap_or(""),
        &v.address,
        &v.contact,
        &v.manager,
    ]
}

/// Indexes a new cell.
pub fn index(conn: &Connection, id: CellId, v: &ValidCell) -> Result<()> {
    conn.prepare_cached("INSERT INTO cells_fts (cell, terms) VALUES (?1, ?2)")?
        .execute(rusqlite::params![id, terms(&fields(v))])?;
    Ok(())
}

/// Indexes a cell again after an edit.
pub fn reindex(conn: &Connection, id: CellId, v: &ValidCell) -> Result<()> {
    conn.prepare_cached("DELETE FROM cells_fts WHERE cell = ?1")?
        .execute([id])?;
    index(conn, id, v)
}

/// Indexes a cell again from its row as stored (after an undo put it back).
pub fn reindex_row(conn: &Connection, id: &[u8]) -> Result<()> {
    conn.prepare_cached("DELETE FROM cells_fts WHERE cell = ?1")?
        .execute([id])?;
    let row: Option<[String; 5]> = conn
        .query_row(
            "SELECT name, coalesce(uscc, ''), address, contact, manager FROM cells WHERE id = ?1",
            [id],
            |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]),
        )
        .optional()?;
    if let Some(f) = row {
        let f: Vec<&str> = f.iter().map(String::as_str).collect();
        conn.prepare_cached("INSERT INTO cells_fts (cell, terms) VALUES (?1, ?2)")?
            .execute(rusqlite::params![id, terms(&f)])?;
    }
    Ok(())
}

/// Builds the index of every cell from scratch (after an upgrade).
pub fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM cells_fts", [])?;
    let mut st =
        conn.prepare("SELECT id, name, coalesce(uscc, ''), address, contact, manager FROM cells")?;
    let mut rows = st.query([])?;
    let mut ins = conn.prepare("INSERT INTO cells_fts (cell, terms) VALUES (?1, ?2)")?;
    while let Some(r) = rows.next()? {
        let f: [String; 5] = [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?];
        let f: Vec<&str> = f.iter().map(String::as_str).collect();
        ins.execute(rusqlite::params![r.get::<_, Vec<u8>>(0)?, terms(&f)])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_characters_are_tokens_and_ascii_runs_are_words() {
        assert_eq!(
            terms(&["幸福小区3期", "91220101MA0X", "人民大街 12号"]),
            " 幸 福 小 区 3 期 zz 91220101ma0x zz 人 民 大 街 zz 12 号 zz"
        );
    }

    #[test]
    fn queries_are_phrases_of_the_chinese_runs() {
        assert_eq!(match_query("幸福").as_deref(), Some("\"幸 福\""));
        assert_eq!(
            match_query(" 人民大街12号 ").as_deref(),
            Some("\"人 民 大 街\" AND \"号\"")
        );
        assert_eq!(match_query("9122"), None);
        assert_eq!(match_query("\"%_"), None);
        assert_eq!(lookup(" 幸福 "), Some(Lookup::Exact("\"幸 福\"".into())));
        assert_eq!(
            lookup("幸福 小区"),
            Some(Lookup::Candidates("\"幸 福\" AND \"小 区\"".into()))
        );
        assert_eq!(lookup("9122"), None);
    }
}
