-- The whole current schema of the Zero-Waste City ledger (无废城市建设台账).
-- An empty database is created from this file; `PRAGMA user_version` records its version
-- (SCHEMA_VERSION in src/db/mod.rs). Older databases are upgraded step by step by
-- src/db/migrations.rs; a released step is never edited.
--
-- Design rules:
-- * Every domain row has a 16-byte UUID v7 id. v7 ids are time-ordered, so inserts append to
--   the B-tree; 16 bytes are half the size of the text form, and the same id is valid on
--   every machine, so file sync needs no renumbering.
-- * Every domain row carries what sync needs, compactly (they are a third of a monthly
--   record's row otherwise, and measured, text forms cost a quarter of the bulk insert rate):
--   created_at / updated_at (UTC, milliseconds since 1970-01-01), `origin` (the installation
--   that last changed it, a number from `installations`), `clock` (the Lamport clock of that
--   change), and `deleted` (a tombstone: rows are never removed, only marked).
-- * Quantities are integers in the smallest unit (grams); dates are ISO-8601 text.
-- * Every write appends to change_log in the same transaction.
-- * There is an index behind every foreign key and every filter the window offers.

-- Installation-wide facts: installation_id, clock (the Lamport clock).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The installations whose changes this database holds: this machine's own (numbered first)
-- and, through file sync, the clerks' machines it imports from. Rows name them by `n`.
CREATE TABLE installations (
    n          INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
    first_seen TEXT NOT NULL
) STRICT;

-- Key/value settings: the operator name, the language, targets, validity periods.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- Administrative divisions of the city profile (GB/T 2260 codes).
CREATE TABLE districts (
    id         BLOB PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE CHECK (length(code) = 6),
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    origin     INTEGER NOT NULL,
    clock      INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;

-- Old division codes that older data may carry, mapped to the current code
-- (e.g. 九台市 220181 → 九台区 220113).
CREATE TABLE district_aliases (
    old_code TEXT PRIMARY KEY CHECK (length(old_code) = 6),
    code     TEXT NOT NULL REFERENCES districts (code),
    note     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX district_aliases_code ON district_aliases (code);

-- Kinds of zero-waste cell (无废细胞): data, not an enum. `denominator` says whether
-- per-capita figures divide by people (headcount) or households.
CREATE TABLE cell_kinds (
    id            BLOB PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    uscc_required INTEGER NOT NULL CHECK (uscc_required IN (0, 1)),
    denominator   TEXT NOT NULL CHECK (denominator IN ('headcount', 'households')),
    sort          INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    origin        INTEGER NOT NULL,
    clock         INTEGER NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;

-- Waste streams (废物类别大类): 生活垃圾, 一般工业固体废物, 危险废物, and the streams a city
-- keeps apart from household waste (装修垃圾, 大件垃圾, 园林绿化垃圾: 长春市生活垃圾分类管理条例
-- 第三条; 餐厨垃圾). Profile data: a clerk adds, renames, orders and retires them. Reduction is
-- computed per stream, never over one sum of them. `household` marks the stream whose
-- recycling and resource-use rates the ledger computes (生活垃圾).
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


-- Waste categories of the monthly records, each in one stream. Profile data like the kinds
-- of cell: added, renamed, ordered and retired (a retired category stays readable in old
-- records and takes no new ones). `counts_as_recovery`: what is recycled or composted of it
-- counts toward the household recycling rate (可回收物, 厨余垃圾 only, as the indicator says).
-- `container`/`container_g`: the default mass of one bin or bag, for entry by count (a
-- cell's own size in cell_containers overrides it).
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


-- Kinds of activity figure (the denominators of per-capita figures): reference data.
-- `per_day` marks counts of people or households, whose figures are also given per day.
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


-- Which activity figures each kind of cell divides each stream by, in order (a factory's
-- industrial waste per 万元 of output and per tonne of product; a community's household waste
-- per household and per person).
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


-- Zero-waste cells (无废细胞).
CREATE TABLE cells (
    id                 BLOB PRIMARY KEY,
    name               TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind               TEXT NOT NULL REFERENCES cell_kinds (key),
    -- Unified social credit code, normalised (trimmed, upper-case). NULL where the kind
    -- allows none (communities).
    uscc               TEXT CHECK (uscc IS NULL OR length(uscc) = 18),
    -- The reason a clerk gave for keeping a code that fails the GB 32100 check.
    uscc_override      TEXT,
    district           TEXT NOT NULL REFERENCES districts (code),
    address            TEXT NOT NULL DEFAULT '',
    contact            TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    manager            TEXT NOT NULL DEFAULT '',
    -- Superseded by cell_activity (version 3 copied them there); kept as they were so that
    -- the rows match their change-log images. Read and written by nothing.
    headcount          INTEGER CHECK (headcount IS NULL OR headcount > 0),
    baseline_headcount INTEGER CHECK (baseline_headcount IS NULL OR baseline_headcount > 0),
    baseline_year      INTEGER CHECK (baseline_year IS NULL OR baseline_year BETWEEN 2000 AND 2100),
    status             TEXT NOT NULL DEFAULT 'planned' CHECK (status IN
                           ('planned', 'applying', 'creating', 'assessed', 'certified', 'revoked')),
    certified_on       TEXT,
    expires_on         TEXT,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    origin             INTEGER NOT NULL,
    clock              INTEGER NOT NULL,
    deleted            INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
-- Two live cells never share a code.
CREATE UNIQUE INDEX cells_uscc ON cells (uscc) WHERE uscc IS NOT NULL AND deleted = 0;
-- The list pages and counts live cells newest first, by any one filter: each index holds
-- `deleted` so that counting never touches the wide table rows.
CREATE INDEX cells_live ON cells (deleted, id);
CREATE INDEX cells_kind ON cells (kind, deleted, id);
CREATE INDEX cells_district ON cells (district, deleted, id);
CREATE INDEX cells_status ON cells (status, deleted, id);
-- The text index of the cells list (src/cells/search.rs): each cell's name, code, address,
-- contact and manager, every Chinese character a token. Derived from `cells` in the same
-- transaction as every change to them; not logged and not synced.
CREATE VIRTUAL TABLE cells_fts USING fts5(cell UNINDEXED, terms, tokenize = 'unicode61 remove_diacritics 0');

-- Activity figures of a cell per year (人数, 户数, 师生人数, 产值 …), each with its unit and
-- source: a figure holds from its year until a later one. Values in thousandths of the unit.
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


-- A cell's own mass of one bin or bag of a category (overrides the category's default).
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

-- Monthly waste figures of a cell, one row per cell, month and category. Grams.
-- The natural key (cell, month, category) is the primary key: it is what a record is, it
-- serves the grid and the rates, and it saves the B-tree a unique id index would cost on
-- every insert (measured: half the insert rate). `id` (UUID v7, unique by construction)
-- names the record in the change log.
-- `cell_id` and `category` carry no FOREIGN KEY: the core checks both before it writes a
-- record, cells are never removed (only marked deleted), and `zwl check` verifies them.
-- Measured, the two parent lookups were a fifth of the work of inserting a record, and this
-- is the table that grows to millions of rows.
CREATE TABLE cell_records (
    id            BLOB NOT NULL CHECK (length(id) = 16),
    cell_id       BLOB NOT NULL, -- cells.id
    month         TEXT NOT NULL CHECK (month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
    category      TEXT NOT NULL, -- waste_categories.key
    generated_g   INTEGER NOT NULL CHECK (generated_g >= 0),
    recycled_g    INTEGER NOT NULL DEFAULT 0 CHECK (recycled_g >= 0),
    composted_g   INTEGER NOT NULL DEFAULT 0 CHECK (composted_g >= 0),
    incinerated_g INTEGER NOT NULL DEFAULT 0 CHECK (incinerated_g >= 0),
    landfilled_g  INTEGER NOT NULL DEFAULT 0 CHECK (landfilled_g >= 0),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    origin        INTEGER NOT NULL,
    clock         INTEGER NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    CHECK (recycled_g + composted_g + incinerated_g + landfilled_g <= generated_g),
    PRIMARY KEY (cell_id, month, category)
) STRICT, WITHOUT ROWID;

-- Records typed as a number of bins or bags: the count and the mass of one, as they were at
-- entry, so that the grams of cell_records can be explained.
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

-- Construction waste (建筑垃圾): the registers and the transfer manifest (联单).
-- Quantities are integers in the smallest unit: grams for tonnes, cm³ for cubic metres.

-- Emitting sites (工地 / 排放单位) with their disposal approval (处置核准).
CREATE TABLE cw_sites (
    id             BLOB PRIMARY KEY,
    name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
    project_no     TEXT NOT NULL DEFAULT '',
    approval_no    TEXT NOT NULL DEFAULT '',
    approval_until TEXT,
    builder        TEXT NOT NULL DEFAULT '',
    builder_uscc   TEXT,
    district       TEXT NOT NULL REFERENCES districts (code),
    address        TEXT NOT NULL DEFAULT '',
    contact        TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    origin         INTEGER NOT NULL,
    clock          INTEGER NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX cw_sites_district ON cw_sites (district);

-- Transporters (运输单位) with their permit.
CREATE TABLE cw_transporters (
    id           BLOB PRIMARY KEY,
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    uscc         TEXT,
    permit_no    TEXT NOT NULL DEFAULT '',
    permit_until TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    origin       INTEGER NOT NULL,
    clock        INTEGER NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;

-- Vehicles of a transporter, with the transport permit (准运证) of each.
CREATE TABLE cw_vehicles (
    id             BLOB PRIMARY KEY,
    transporter_id BLOB NOT NULL REFERENCES cw_transporters (id),
    plate          TEXT NOT NULL,
    driver         TEXT NOT NULL DEFAULT '',
    permit_no      TEXT NOT NULL DEFAULT '',
    permit_until   TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    origin         INTEGER NOT NULL,
    clock          INTEGER NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX cw_vehicles_plate ON cw_vehicles (plate) WHERE deleted = 0;
CREATE INDEX cw_vehicles_transporter ON cw_vehicles (transporter_id);

-- Receiving facilities: disposal (消纳场) or recycling (资源化利用厂).
CREATE TABLE cw_facilities (
    id             BLOB PRIMARY KEY,
    name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind           TEXT NOT NULL CHECK (kind IN ('disposal', 'recycling')),
    uscc           TEXT,
    district       TEXT NOT NULL REFERENCES districts (code),
    approval_no    TEXT NOT NULL DEFAULT '',
    approval_until TEXT,
    capacity_g     INTEGER CHECK (capacity_g IS NULL OR capacity_g >= 0),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    origin         INTEGER NOT NULL,
    clock          INTEGER NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX cw_facilities_district ON cw_facilities (district);

-- The transfer manifest, one per truckload (一车一联单):
-- draft → dispatched → received (accepted | partial | refused) → closed, or cancelled.
CREATE TABLE cw_manifests (
    id             BLOB PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    category       TEXT NOT NULL CHECK (category IN ('soil', 'slurry', 'engineering', 'demolition', 'decoration')),
    unit           TEXT NOT NULL CHECK (unit IN ('t', 'm3')),
    declared_qty   INTEGER NOT NULL CHECK (declared_qty >= 0),
    overload_reason TEXT,
    site_id        BLOB NOT NULL REFERENCES cw_sites (id),
    transporter_id BLOB REFERENCES cw_transporters (id),
    vehicle_id     BLOB REFERENCES cw_vehicles (id),
    driver         TEXT NOT NULL DEFAULT '',
    route          TEXT NOT NULL DEFAULT '',
    facility_id    BLOB REFERENCES cw_facilities (id),
    departure_at   TEXT,
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'dispatched', 'received', 'closed', 'cancelled')),
    outcome        TEXT CHECK (outcome IN ('accepted', 'partial', 'refused')),
    received_qty   INTEGER CHECK (received_qty IS NULL OR received_qty >= 0),
    refused_qty    INTEGER CHECK (refused_qty IS NULL OR refused_qty >= 0),
    received_at    TEXT,
    closed_at      TEXT,
    cancel_reason  TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    origin         INTEGER NOT NULL,
    clock          INTEGER NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
-- The manifests table filters by status, site or facility and pages newest departure first;
-- each index holds `deleted` and `status` so that counts stay inside the index.
CREATE INDEX cw_manifests_status ON cw_manifests (status, deleted, departure_at);
CREATE INDEX cw_manifests_site ON cw_manifests (site_id, status, deleted, departure_at);
CREATE INDEX cw_manifests_facility ON cw_manifests (facility_id, status, deleted, departure_at);
CREATE INDEX cw_manifests_departure ON cw_manifests (deleted, departure_at);
-- Covers the resource-use aggregate: the loads received in a period, with all it sums.
CREATE INDEX cw_manifests_received ON cw_manifests (received_at, status, site_id, facility_id,
    category, unit, received_qty, refused_qty, deleted) WHERE received_at IS NOT NULL;
CREATE INDEX cw_manifests_transporter ON cw_manifests (transporter_id);
CREATE INDEX cw_manifests_vehicle ON cw_manifests (vehicle_id);

-- What a facility makes each month from the waste it received (再生骨料, 再生砖, 回填料 …)
-- and what it sends to landfill, in grams: the numerator of the resource-use rate.
CREATE TABLE cw_facility_outputs (
    id          BLOB NOT NULL CHECK (length(id) = 16),
    facility_id BLOB NOT NULL REFERENCES cw_facilities (id),
    month       TEXT NOT NULL CHECK (month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
    product     TEXT NOT NULL CHECK (product IN ('aggregate', 'brick', 'backfill', 'other', 'landfill')),
    qty_g       INTEGER NOT NULL CHECK (qty_g >= 0),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    origin      INTEGER NOT NULL,
    clock       INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (facility_id, month, product)
) STRICT, WITHOUT ROWID;

-- One write transaction (变更批次): who made it, when, from which installation. Its id is
-- the transaction's Lamport clock value, which every row it changed carries in `clock`.
CREATE TABLE change_sets (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    operator     TEXT NOT NULL,
    installation TEXT NOT NULL
) STRICT;

-- The change log: every row a write changed, with the row before and after (JSON) and
-- 64-bit hashes of the row's column values before and after (see audit::RowHash).
-- A bulk insert (generated data) is one entry per table for all its rows: action
-- 'bulk_insert', an empty row_id, `after` = {"rows": N} and `after_hash` the wrapping sum of
-- the rows' hashes. The rows name their change set in `clock`; a row's full image is the row
-- itself, or the `before` of its next change, whose `before_hash` then counts toward the
-- sum. Measured, an entry per generated record (a second B-tree insert each) cost 40% of
-- the generation rate.
-- Keyed by (row_id, seq) without a rowid: one B-tree per entry, and a row's history is one
-- range of it. `seq` orders all entries. The core is the only writer, so `change_set` and
-- `action` carry no FOREIGN KEY or CHECK: measured, the two halved the insert rate of bulk
-- writes. `zwl check` verifies both, that the latest entry of every row matches the row, and
-- that every bulk insert's rows add up to its count and hash.
CREATE TABLE change_log (
    row_id      BLOB NOT NULL,
    seq         INTEGER NOT NULL,
    change_set  INTEGER NOT NULL, -- change_sets.id
    tbl         TEXT NOT NULL,
    action      TEXT NOT NULL, -- insert, update, delete, bulk_insert
    before      TEXT,
    after       TEXT,
    after_hash  INTEGER,
    reason      TEXT,
    before_hash INTEGER,
    PRIMARY KEY (row_id, seq)
) STRICT, WITHOUT ROWID;
