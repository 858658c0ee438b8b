-- Schema version 2 → 3, part 'trust'. Written once for this step; never edited after release.
-- The change log becomes a chain of change sets with compact entries: change_sets gains its
-- link and keeps its time in milliseconds and its installation by number; change_log is
-- rebuilt (the version-2 rows of both are converted by `trust` in v3.rs, which then drops
-- the old tables); the tables of column numbers, the upgrade's baseline and the heads seen
-- are new. Indexes for bulk read-back and for lookups by name, code or plate.
ALTER TABLE change_sets RENAME TO change_sets_v2;
ALTER TABLE change_log RENAME TO change_log_v2;
-- One write transaction (变更批次): who made it, when, from which installation (its number,
-- as rows name it in `origin`). Its id is the transaction's Lamport clock value, which every
-- row it changed carries in `clock`.
-- `hash` is its link in the chain (src/audit/chain.rs): SHA-256 of the link before it (the
-- newest change set with a smaller id; before the first, the hash of change_baseline), of its
-- own columns and of its entries in order. `zwl check` recomputes every link; a head (id and
-- hash) seen outside the file catches a history rewritten and resealed.
CREATE TABLE change_sets (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL, -- UTC, milliseconds since 1970-01-01
    operator TEXT NOT NULL,
    origin   INTEGER NOT NULL, -- installations.n
    hash     BLOB
) STRICT;

CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY,
    change_set INTEGER NOT NULL, -- change_sets.id
    tbl        TEXT NOT NULL,
    row_id     BLOB NOT NULL,
    action     TEXT NOT NULL, -- insert, update, delete, bulk_insert
    delta      BLOB,
    after_hash INTEGER,
    reason     TEXT
) STRICT;
CREATE INDEX change_log_row ON change_log (row_id);
CREATE INDEX change_log_bulk ON change_log (tbl, change_set) WHERE action = 'bulk_insert';

-- The short keys of change_log.delta: a number per table and column logged.
CREATE TABLE change_columns (
    n    INTEGER PRIMARY KEY,
    tbl  TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (tbl, name)
) STRICT;

-- Rows an upgrade found with no entry of their own (reference data and settings written
-- before they were logged): their hash, which the first link of the chain covers.
CREATE TABLE change_baseline (
    tbl    TEXT NOT NULL,
    row_id BLOB NOT NULL,
    hash   INTEGER NOT NULL,
    PRIMARY KEY (tbl, row_id)
) STRICT, WITHOUT ROWID;

-- Heads of the chain this ledger has shown outside the file (zwl check, the window, reports,
-- bundles). `zwl check` reports a history that no longer extends one of them. Not logged.
CREATE TABLE chain_heads (
    seq     INTEGER NOT NULL,
    hash    BLOB NOT NULL,
    seen_at TEXT NOT NULL,
    seen_by TEXT NOT NULL,
    PRIMARY KEY (seq, hash)
) STRICT, WITHOUT ROWID;

-- Rows by change set: what a bulk insert reads back to log its blocks, and what file sync
-- exports ("rows changed since").
CREATE INDEX cells_clock ON cells (clock);
CREATE INDEX cell_records_clock ON cell_records (clock);
CREATE INDEX cw_manifests_clock ON cw_manifests (clock);

-- Lookups by name (cells::find, the registers' find, imports); by credit code through
-- cells_uscc, by plate through cw_vehicles_plate.
CREATE INDEX cells_name ON cells (name);
CREATE INDEX cw_sites_name ON cw_sites (name);
CREATE INDEX cw_transporters_name ON cw_transporters (name);
CREATE INDEX cw_facilities_name ON cw_facilities (name);
