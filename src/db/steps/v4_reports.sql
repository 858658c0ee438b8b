-- Schema version 3 → 4, part 'reports': assessment and naming (评估验收与命名) and the
-- certification reports issued. Written once for this step; never edited after release.

-- Criteria templates (评估标准) per kind of cell, versioned: editing a kind's criteria adds
-- a version, and an assessment keeps the version it used (and a copy of its items). The
-- shipped defaults are version 1 of each kind and live in the program
-- (data/criteria-defaults.json); a row here is a clerk's edited version. `items` is a JSON
-- array of {key, group, name, max_points, evidence}.
CREATE TABLE criteria_templates (
    id         BLOB PRIMARY KEY,
    kind       TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version > 1),
    title      TEXT NOT NULL,
    pass_mark  INTEGER NOT NULL CHECK (pass_mark > 0),
    items      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    origin     INTEGER NOT NULL,
    clock      INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    UNIQUE (kind, version)
) STRICT;

-- A cell's application (申报): the commitment letter signed by its legal representative
-- (承诺书) received on, the dishonesty check (失信核查: date, by whom, result: `clear` or
-- `found`) and its supervising department (主管部门). One row per cell.
CREATE TABLE cell_applications (
    id           BLOB PRIMARY KEY,
    cell_id      BLOB NOT NULL UNIQUE REFERENCES cells (id),
    letter_on    TEXT,
    check_on     TEXT,
    check_by     TEXT NOT NULL DEFAULT '',
    check_result TEXT CHECK (check_result IS NULL OR check_result IN ('clear', 'found')),
    department   TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    origin       INTEGER NOT NULL,
    clock        INTEGER NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;

-- One assessment attempt (评估): level (`county` 县区初评, `city` 市级验收, `review` 复核),
-- date, assessors, the template used (kind, version, and its items and pass mark as JSON),
-- a score and note per item (JSON array of {key, score, note}), total and result.
CREATE TABLE cell_assessments (
    id               BLOB PRIMARY KEY,
    cell_id          BLOB NOT NULL REFERENCES cells (id),
    level            TEXT NOT NULL CHECK (level IN ('county', 'city', 'review')),
    assessed_on      TEXT NOT NULL,
    assessors        TEXT NOT NULL,
    template_kind    TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    template         TEXT NOT NULL,
    scores           TEXT NOT NULL,
    total            INTEGER NOT NULL,
    pass_mark        INTEGER NOT NULL,
    passed           INTEGER NOT NULL CHECK (passed IN (0, 1)),
    note             TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    origin           INTEGER NOT NULL,
    clock            INTEGER NOT NULL,
    deleted          INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX cell_assessments_cell ON cell_assessments (cell_id, assessed_on);

-- Certification reports issued (认证报告): the number printed on every page, the cell, the
-- period, the change log's head when it was issued, and the canonical JSON of the figures it
-- printed with their SHA-256, so that `zwl report verify` recomputes them and names what
-- changed since.
CREATE TABLE cert_reports (
    id           BLOB PRIMARY KEY,
    report_no    TEXT NOT NULL UNIQUE,
    cell_id      BLOB NOT NULL REFERENCES cells (id),
    period_from  TEXT NOT NULL,
    period_to    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    figures      TEXT NOT NULL,
    head_seq     INTEGER NOT NULL,
    head_hash    TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    origin       INTEGER NOT NULL,
    clock        INTEGER NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX cert_reports_cell ON cert_reports (cell_id);
