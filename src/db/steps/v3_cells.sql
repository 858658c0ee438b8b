-- Schema version 2 → 3, part 'cells'. Written once for this step; never edited after release.
--
-- Waste streams and categories become profile data (audited rows, editable by a clerk);
-- cells record activity figures per year (the denominators of per-capita figures) and
-- kg-per-bin sizes; records typed as bins keep the count and the factor. The rows are
-- filled, and logged, by `cells` in v3.rs.

CREATE TABLE waste_streams (
    id         BLOB PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    household  INTEGER NOT NULL DEFAULT 0 CHECK (household IN (0, 1)),
    sort       INTEGER NOT NULL DEFAULT 0,
    retired    INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    origin     INTEGER NOT NULL,
    clock      INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;

ALTER TABLE waste_categories RENAME TO waste_categories_v2;
CREATE TABLE waste_categories (
    id                 BLOB PRIMARY KEY,
    key                TEXT NOT NULL UNIQUE,
    name_zh            TEXT NOT NULL,
    name_en            TEXT NOT NULL,
    stream             TEXT NOT NULL REFERENCES waste_streams (key),
    counts_as_recovery INTEGER NOT NULL DEFAULT 0 CHECK (counts_as_recovery IN (0, 1)),
    container          TEXT NOT NULL DEFAULT 'bin' CHECK (container IN ('bin', 'bag')),
    container_g        INTEGER CHECK (container_g IS NULL OR container_g > 0),
    sort               INTEGER NOT NULL DEFAULT 0,
    retired            INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    origin             INTEGER NOT NULL,
    clock              INTEGER NOT NULL,
    deleted            INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX waste_categories_stream ON waste_categories (stream);

CREATE TABLE activity_kinds (
    key     TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    unit_zh TEXT NOT NULL,
    unit_en TEXT NOT NULL,
    per_day INTEGER NOT NULL CHECK (per_day IN (0, 1)),
    sort    INTEGER NOT NULL
) STRICT;
INSERT INTO activity_kinds (key, name_zh, name_en, unit_zh, unit_en, per_day, sort) VALUES
    ('people', '人数', 'People', '人', 'person', 1, 1),
    ('households', '户数', 'Households', '户', 'household', 1, 2),
    ('teachers_pupils', '师生人数', 'Teachers and pupils', '人', 'person', 1, 3),
    ('diners', '就餐人数', 'Diners', '人', 'diner', 1, 4),
    ('beds', '床位数', 'Beds', '张', 'bed', 1, 5),
    ('output_value', '工业总产值', 'Output value', '万元', '10k yuan', 0, 6),
    ('product_tonnes', '产品产量', 'Product output', '吨', 't', 0, 7);

CREATE TABLE kind_denominators (
    id         BLOB PRIMARY KEY,
    kind       TEXT NOT NULL REFERENCES cell_kinds (key),
    stream     TEXT NOT NULL REFERENCES waste_streams (key),
    figure     TEXT NOT NULL REFERENCES activity_kinds (key),
    sort       INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    origin     INTEGER NOT NULL,
    clock      INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    UNIQUE (kind, stream, figure)
) STRICT;
CREATE INDEX kind_denominators_stream ON kind_denominators (stream);
CREATE INDEX kind_denominators_figure ON kind_denominators (figure);

CREATE TABLE cell_activity (
    id          BLOB PRIMARY KEY,
    cell_id     BLOB NOT NULL REFERENCES cells (id),
    year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    figure      TEXT NOT NULL REFERENCES activity_kinds (key),
    value_milli INTEGER NOT NULL CHECK (value_milli > 0),
    unit        TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    origin      INTEGER NOT NULL,
    clock       INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    UNIQUE (cell_id, figure, year)
) STRICT;
CREATE INDEX cell_activity_figure ON cell_activity (figure);

CREATE TABLE cell_containers (
    id          BLOB PRIMARY KEY,
    cell_id     BLOB NOT NULL REFERENCES cells (id),
    category    TEXT NOT NULL REFERENCES waste_categories (key),
    container_g INTEGER NOT NULL CHECK (container_g > 0),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    origin      INTEGER NOT NULL,
    clock       INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    UNIQUE (cell_id, category)
) STRICT;
CREATE INDEX cell_containers_category ON cell_containers (category);

CREATE TABLE cell_record_counts (
    id          BLOB PRIMARY KEY,
    cell_id     BLOB NOT NULL REFERENCES cells (id),
    month       TEXT NOT NULL CHECK (month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
    category    TEXT NOT NULL REFERENCES waste_categories (key),
    count       INTEGER NOT NULL CHECK (count > 0),
    container   TEXT NOT NULL CHECK (container IN ('bin', 'bag')),
    container_g INTEGER NOT NULL CHECK (container_g > 0),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    origin      INTEGER NOT NULL,
    clock       INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    UNIQUE (cell_id, month, category)
) STRICT;
CREATE INDEX cell_record_counts_category ON cell_record_counts (category);
