//! One line of a table's part read as a row: its values in column order, its key, its
//! version and lineage, every rule checked. A line read the usual way (every key a column or
//! an `@` field, once, and no escapes in the keys) is read straight into the row's values; any
//! other line is read again as a JSON object, which names what is wrong in the same words.

use rusqlite::types::Value as Sql;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::tables::{self, Spec};
use super::verify::{is_local_setting, parse_version};
use super::Version;
use crate::error::{BundleProblem, Error, Result};

/// A row of a part as read: its values in column order (a versioned row's `origin` is 0
/// until the importer maps `origin_id`), its version and the versions it had before.
#[derive(Debug, Clone)]
pub struct InRow {
    /// 1-based line of its part.
    pub line: u64,
    /// Values in column order.
    pub vals: Vec<Sql>,
    /// The key as bytes.
    pub key: Vec<u8>,
    /// The installation that made this version (UUID).
    pub origin_id: String,
    /// The version.
    pub version: Version,
    /// Earlier versions.
    pub lineage: Vec<Version>,
    /// The line as the bundle has it, read as JSON only for the conflicts list.
    raw: Vec<u8>,
}

impl InRow {
    /// The row as the bundle has it (JSON), for the conflicts list.
    pub fn json(&self) -> Map<String, Value> {
        serde_json::from_slice(&self.raw).unwrap_or_default()
    }
}

/// What a line holds before its values are checked: per column its JSON value (if given),
/// `@v` and `@lineage`.
struct Fields {
    cols: Vec<Option<Value>>,
    version: Option<Value>,
    lineage: Option<Value>,
}

/// Reads one line of a table's part: a JSON object with every column of the table (an
/// older schema's bundle may lack columns that can be empty), values of the declared types,
/// `origin` as an installation UUID, and its version `@v`.
pub fn parse_row(spec: &Spec, schema: i64, line: u64, b: &[u8]) -> Result<InRow> {
    Reader::new(spec, schema).row(line, b)
}

/// Reads the lines of one part (see [`parse_row`]), keeping the order its lines give their
/// keys in, so that a key is matched to its column at the first try.
pub struct Reader<'s> {
    spec: &'s Spec,
    schema: i64,
    /// The column of each key of the last line read, by its place in the line.
    order: Vec<usize>,
    /// Whether the rules of the forms are checked (see [`Reader::verified`]).
    rules: bool,
}

impl<'s> Reader<'s> {
    /// A reader of `spec`'s part in a bundle of schema version `schema`.
    pub fn new(spec: &'s Spec, schema: i64) -> Self {
        Reader {
            spec,
            schema,
            order: Vec::new(),
            rules: true,
        }
    }

    /// A reader of a part whose every line the verify pass has read (see
    /// [`super::verify::Bundle::check_all`]), rules of the forms included: those are not
    /// checked again. Everything else a row is read with is. The bytes are the ones verified:
    /// the part's size and SHA-256 are checked again at its end, and a part changed since
    /// refuses the import, whose rows are all written in one transaction.
    pub fn verified(spec: &'s Spec, schema: i64) -> Self {
        Reader {
            rules: false,
            ..Reader::new(spec, schema)
        }
    }

    /// Reads line number `line` (see [`parse_row`]).
    pub fn row(&mut self, line: u64, b: &[u8]) -> Result<InRow> {
        let (spec, schema) = (self.spec, self.schema);
        let fields = read_fields(spec, &mut self.order, b);
        row(spec, schema, line, b, fields, self.rules)
    }
}

fn row(
    spec: &Spec,
    schema: i64,
    line: u64,
    b: &[u8],
    fields: Option<Fields>,
    rules: bool,
) -> Result<InRow> {
    let bad = |field: &str, en: String, zh: String| {
        Error::Bundle(BundleProblem::BadRow {
            table: spec.name.into(),
            row: line,
            field: field.into(),
            en,
            zh,
        })
    };
    let fields = match fields {
        Some(f) => f,
        None => {
            let mut json: Map<String, Value> = serde_json::from_slice(b).map_err(|e| {
                bad(
                    "",
                    format!("not a JSON object ({e})"),
                    "不是 JSON 对象".into(),
                )
            })?;
            for k in json.keys() {
                if !k.starts_with('@') && spec.col(k).is_none() {
                    return Err(bad(
                        "",
                        format!("the table has no column “{k}”"),
                        format!("此表没有“{k}”列"),
                    ));
                }
            }
            Fields {
                cols: spec.cols.iter().map(|c| json.remove(&c.name)).collect(),
                version: json.remove("@v"),
                lineage: json.remove("@lineage"),
            }
        }
    };
    let mut vals = Vec::with_capacity(spec.cols.len());
    let mut origin_id = String::new();
    for (c, v) in spec.cols.iter().zip(fields.cols) {
        let v = match v {
            Some(v) => v,
            None if schema < crate::db::SCHEMA_VERSION && !c.not_null => Value::Null,
            None => {
                return Err(bad(
                    &c.name,
                    format!("the column “{}” is missing", c.name),
                    format!("缺少“{}”列", c.name),
                ))
            }
        };
        if spec.versioned && c.name == "origin" {
            match v.as_str().filter(|s| uuid::Uuid::parse_str(s).is_ok()) {
                Some(s) => origin_id = s.to_string(),
                None => {
                    return Err(bad(
                        "origin",
                        "an installation UUID expected".into(),
                        "应为安装编号（UUID）".into(),
                    ))
                }
            }
            vals.push(Sql::Integer(0));
            continue;
        }
        vals.push(match (c.ty, v) {
            // Text taken as it is, not copied (what `from_json` gives it).
            (tables::Ty::Text, Value::String(s)) => Sql::Text(s),
            (_, v) => tables::from_json(c, &v).map_err(|(en, zh)| bad(&c.name, en, zh))?,
        });
    }
    if let Some(Sql::Text(t)) = vals.get(spec.key_col) {
        if spec.name == "settings" && is_local_setting(t) {
            return Err(bad(
                "key",
                format!("the setting “{t}” belongs to one installation and never travels"),
                format!("设置项“{t}”只属于一台安装，不随同步包传递"),
            ));
        }
    }
    if let Some((field, en, zh)) = rules.then(|| super::rules::check(spec, &vals)).flatten() {
        return Err(bad(&field, en, zh));
    }
    let key = tables::key_bytes(&vals[spec.key_col]);
    if key.is_empty() {
        return Err(bad("id", "the row has no id".into(), "缺少编号".into()));
    }
    let version = match fields.version.as_ref().and_then(parse_version) {
        Some(v) => v,
        None => {
            return Err(bad(
                "",
                "its version “@v” ([clock, installation UUID]) is missing or unreadable".into(),
                "版本“@v”（[时钟, 安装编号]）缺失或无法读取".into(),
            ))
        }
    };
    if spec.versioned {
        let clock = spec.col("clock").map(|i| &vals[i]);
        if clock != Some(&Sql::Integer(version.0)) || origin_id != version.1 {
            return Err(bad(
                "clock",
                "its version “@v” differs from its clock and origin".into(),
                "版本“@v”与其时钟、来源不符".into(),
            ));
        }
    } else {
        origin_id = version.1.clone();
    }
    let lineage = match fields.lineage {
        None => Vec::new(),
        Some(Value::Array(a)) => a.iter().filter_map(parse_version).collect(),
        Some(_) => {
            return Err(bad(
                "",
                "“@lineage” is not a list".into(),
                "“@lineage”不是列表".into(),
            ))
        }
    };
    Ok(InRow {
        line,
        vals,
        key,
        origin_id,
        version,
        lineage,
        raw: b.to_vec(),
    })
}

/// The fields of a line read the usual way, or `None` when it is not one (not a JSON object,
/// a key that is no column, a key given twice, a key with escapes): such a line is read
/// again as a JSON object, as any line once was.
fn read_fields(spec: &Spec, order: &mut Vec<usize>, b: &[u8]) -> Option<Fields> {
    let mut de = serde_json::Deserializer::from_slice(b);
    let f = Seed(spec, order).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(f)
}

/// A part's spec and the columns of the last line's keys in order.
struct Seed<'s, 'o>(&'s Spec, &'o mut Vec<usize>);

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = Fields;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Fields, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, '_> {
    type Value = Fields;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a row")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> std::result::Result<Fields, A::Error> {
        use serde::de::Error as _;
        let (spec, order) = (self.0, self.1);
        let mut place = 0;
        let mut f = Fields {
            cols: vec![None; spec.cols.len()],
            version: None,
            lineage: None,
        };
        let twice = || A::Error::custom("a key given twice");
        while let Some(k) = m.next_key::<&'de str>()? {
            match k {
                "@v" if f.version.is_some() => return Err(twice()),
                "@v" => f.version = Some(m.next_value()?),
                "@lineage" if f.lineage.is_some() => return Err(twice()),
                "@lineage" => f.lineage = Some(m.next_value()?),
                _ if k.starts_with('@') => {
                    m.next_value::<IgnoredAny>()?;
                }
                _ => {
                    let i = match order.get(place) {
                        Some(&i) if spec.cols[i].name == k => i,
                        _ => {
                            let i = spec
                                .col(k)
                                .ok_or_else(|| A::Error::custom("not a column"))?;
                            order.truncate(place);
                            order.push(i);
                            i
                        }
                    };
                    place += 1;
                    if f.cols[i].is_some() {
                        return Err(twice());
                    }
                    f.cols[i] = Some(m.next_value()?);
                }
            }
        }
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A versioned row of a new ledger as a bundle line, with its spec.
    fn a_line() -> (Spec, String) {
        let l = crate::Ledger::open_in_memory().expect("ledger");
        let conn = l.conn();
        let origins = crate::sync::versions::origins(conn).expect("origins");
        for spec in tables::specs(conn).expect("specs") {
            if !spec.versioned {
                continue;
            }
            let n = spec.cols.len();
            let row: Option<Vec<Sql>> = conn
                .query_row(&format!("SELECT * FROM {} LIMIT 1", spec.name), [], |r| {
                    (0..n).map(|i| r.get(i)).collect()
                })
                .ok();
            let Some(vals) = row else { continue };
            let mut m = tables::row_json(&spec, &vals, &|o| {
                origins.get(&o).cloned().unwrap_or_default()
            });
            let v = serde_json::json!([m["clock"].clone(), m["origin"].clone()]);
            m.insert("@v".into(), v);
            return (spec, Value::Object(m).to_string());
        }
        panic!("no versioned row in a new ledger");
    }

    fn same(a: &InRow, b: &InRow) {
        assert_eq!(
            (&a.vals, &a.key, &a.origin_id, &a.version, &a.lineage),
            (&b.vals, &b.key, &b.origin_id, &b.version, &b.lineage)
        );
        assert_eq!(a.json(), b.json());
    }

    #[test]
    fn a_line_with_an_escaped_key_reads_as_the_same_line_without() {
        let (spec, line) = a_line();
        let usual = parse_row(&spec, crate::db::SCHEMA_VERSION, 1, line.as_bytes()).expect("row");
        assert!(read_fields(&spec, &mut Vec::new(), line.as_bytes()).is_some());
        let escaped = line.replacen("\"clock\"", "\"\\u0063lock\"", 1);
        assert!(read_fields(&spec, &mut Vec::new(), escaped.as_bytes()).is_none());
        let other =
            parse_row(&spec, crate::db::SCHEMA_VERSION, 1, escaped.as_bytes()).expect("row");
        same(&usual, &other);
    }

    #[test]
    fn a_key_given_twice_counts_with_its_last_value_as_a_json_object_does() {
        let (spec, line) = a_line();
        let usual = parse_row(&spec, crate::db::SCHEMA_VERSION, 1, line.as_bytes()).expect("row");
        let twice = line.replacen('{', "{\"clock\":-5,", 1);
        assert!(read_fields(&spec, &mut Vec::new(), twice.as_bytes()).is_none());
        let other = parse_row(&spec, crate::db::SCHEMA_VERSION, 1, twice.as_bytes()).expect("row");
        same(&usual, &other);
    }

    #[test]
    fn a_key_that_is_no_column_is_named() {
        let (spec, line) = a_line();
        let odd = line.replacen('{', "{\"colour\":1,", 1);
        let e =
            parse_row(&spec, crate::db::SCHEMA_VERSION, 3, odd.as_bytes()).expect_err("refused");
        assert!(format!("{e:?}").contains("colour"), "{e:?}");
    }
}
