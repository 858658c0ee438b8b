-- Schema version 5, part sync. Sync by file: the bundles sent and received, their peers, conflicts.
-- Local bookkeeping of sync (src/sync/): not logged and never sent in a bundle. What was
-- exported where, what came in, the conflicts a clerk reviews, and the versions of rows that
-- came from bundles. Resolving a conflict by taking the other version is a logged edit of
-- the row itself; these tables only remember what this installation did.
CREATE TABLE sync_peers (
    dest     TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL,
    last_at  TEXT NOT NULL
) STRICT;

CREATE TABLE sync_history (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    direction    TEXT NOT NULL CHECK (direction IN ('export', 'import')),
    path         TEXT NOT NULL,
    installation TEXT NOT NULL,
    name         TEXT NOT NULL,
    code         TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    full         INTEGER NOT NULL CHECK (full IN (0, 1)),
    rows         INTEGER NOT NULL,
    applied      INTEGER NOT NULL,
    conflicts    INTEGER NOT NULL,
    head_seq     INTEGER NOT NULL,
    head_hash    TEXT NOT NULL,
    head_ok      INTEGER NOT NULL CHECK (head_ok IN (0, 1)),
    newest       TEXT NOT NULL,
    operator     TEXT NOT NULL
) STRICT;
CREATE INDEX sync_history_sha ON sync_history (sha256);
CREATE INDEX sync_history_installation ON sync_history (installation, id);

CREATE TABLE sync_conflicts (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    bundle       TEXT NOT NULL,
    tbl          TEXT NOT NULL,
    row_key      BLOB NOT NULL,
    reason       TEXT NOT NULL CHECK (reason IN ('concurrent', 'unique')),
    kept         TEXT NOT NULL,
    kept_clock   INTEGER NOT NULL,
    kept_origin  TEXT NOT NULL,
    other        TEXT NOT NULL,
    other_clock  INTEGER NOT NULL,
    other_origin TEXT NOT NULL,
    resolved_at  TEXT,
    resolved_by  TEXT,
    resolution   TEXT CHECK (resolution IN ('current', 'other')),
    note         TEXT
) STRICT;
CREATE INDEX sync_conflicts_open ON sync_conflicts (resolved_at, id);
CREATE UNIQUE INDEX sync_conflicts_once ON sync_conflicts (tbl, row_key, other_clock, other_origin, kept_clock, kept_origin);

CREATE TABLE sync_versions (
    tbl       TEXT NOT NULL,
    row_key   BLOB NOT NULL,
    local_set INTEGER NOT NULL,
    clock     INTEGER NOT NULL,
    origin    TEXT NOT NULL,
    PRIMARY KEY (tbl, row_key, local_set)
) STRICT, WITHOUT ROWID;
