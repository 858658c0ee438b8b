-- Schema version 3 → 4, part 'day': the clerk's day in the window. Written once for this
-- step; never edited after release.

-- Alerts a clerk has acknowledged (已知悉) with a note. An alert is named by its key (kind,
-- subject and the date or time it is about), so an acknowledged alert stays hidden until it
-- changes (a permit renewed and running out again is a new alert). Logged; the note is kept
-- in the change log.
CREATE TABLE alert_acks (
    id         BLOB PRIMARY KEY,
    alert_key  TEXT NOT NULL CHECK (length(alert_key) > 0),
    subject    TEXT NOT NULL, -- what the alert was about when acknowledged (name, number)
    note       TEXT NOT NULL CHECK (length(trim(note)) > 0),
    operator   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    origin     INTEGER NOT NULL,
    clock      INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX alert_acks_key ON alert_acks (alert_key) WHERE deleted = 0;

-- English names of districts (区县的英文名), shown in the window's English mode. The city
-- profile's own districts have theirs built in (data/divisions-changchun.csv); a row here
-- names a district a clerk added, or replaces the built-in name. One live row per code.
-- Logged.
CREATE TABLE district_names_en (
    id         BLOB PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE CHECK (length(code) = 6),
    name_en    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    origin     INTEGER NOT NULL,
    clock      INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
