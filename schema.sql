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
-- (e.g. 九台市 220181 → 九台区 220113, 公主岭市 220381 → 220184).
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
-- Live cells share a code only when the clerk states why (a school's second campus: see
-- cell_places.uscc_shared); the core checks it, so the index is not unique.
CREATE INDEX cells_uscc ON cells (uscc) WHERE uscc IS NOT NULL AND deleted = 0;
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

-- Namings (命名) of cells, current and past. A naming carries its batch (第 N 批), the
-- document that published it, its date and expiry. Moving a cell back from 已命名 ends the
-- naming (`ended_on`, and the status it moved to in `ended_as`) but never erases it: the
-- cell's current values (cells.certified_on, expires_on) say what holds now, this table what
-- held before. Cells named before this table existed keep their date and expiry on the cell;
-- their naming row is written when it ends.
CREATE TABLE cell_namings (
    id          BLOB PRIMARY KEY,
    cell_id     BLOB NOT NULL REFERENCES cells (id),
    batch       INTEGER CHECK (batch IS NULL OR batch > 0),
    document_no TEXT NOT NULL DEFAULT '',
    named_on    TEXT NOT NULL,
    expires_on  TEXT NOT NULL,
    ended_on    TEXT,
    ended_as    TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    origin      INTEGER NOT NULL,
    clock       INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX cell_namings_cell ON cell_namings (cell_id, named_on);

-- Where a cell sits below its district, one row per cell that has any of it: street or
-- township (街道/乡镇) and community (社区) with their 12-digit statistical codes where
-- known (the first 6 are the district's), an explicit reporting area (`area`, e.g. 市本级
-- for city-level offices; otherwise its district's area counts), and the reason the clerk
-- gave for sharing the cell's credit code with another live cell (a school's second campus).
-- `area` carries no FOREIGN KEY: 市本级 is built in (src/areas.rs) and the core
-- checks the rest.
CREATE TABLE cell_places (
    id             BLOB PRIMARY KEY,
    cell_id        BLOB NOT NULL UNIQUE REFERENCES cells (id),
    street         TEXT NOT NULL DEFAULT '',
    street_code    TEXT CHECK (street_code IS NULL OR length(street_code) = 12),
    community      TEXT NOT NULL DEFAULT '',
    community_code TEXT CHECK (community_code IS NULL OR length(community_code) = 12),
    area           TEXT,
    uscc_shared    TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    origin         INTEGER NOT NULL,
    clock          INTEGER NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;

-- Reporting areas (报送区域): what the city reports by where that is not a statistical
-- division — 长春新区, 中韩（长春）国际合作示范区 … — each with a local code (letters and
-- digits, never 6 digits, so it cannot be taken for a division code) and the districts it
-- groups. 市本级 (city-level offices) is built in.
CREATE TABLE reporting_areas (
    id         BLOB PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    origin     INTEGER NOT NULL,
    clock      INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;

-- The districts a reporting area groups; a district is in at most one live area.
CREATE TABLE reporting_area_districts (
    id         BLOB PRIMARY KEY,
    area       TEXT NOT NULL REFERENCES reporting_areas (code),
    district   TEXT NOT NULL REFERENCES districts (code),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    origin     INTEGER NOT NULL,
    clock      INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX reporting_area_districts_district ON reporting_area_districts (district) WHERE deleted = 0;
CREATE INDEX reporting_area_districts_area ON reporting_area_districts (area);

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
-- Quantities are integers in the smallest unit: grams for tonnes, cm³ for cubic metres. A
-- manifest's declared_qty is in its declared unit; received_qty and refused_qty are always
-- grams (the weighbridge weighs tonnes).

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
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    -- 核定载质量 (from the 行驶证) and box volume: the limits a load is checked against.
    rated_payload_g INTEGER CHECK (rated_payload_g IS NULL OR rated_payload_g > 0),
    box_volume_cm3 INTEGER CHECK (box_volume_cm3 IS NULL OR box_volume_cm3 > 0)
) STRICT;
CREATE UNIQUE INDEX cw_vehicles_plate ON cw_vehicles (plate) WHERE deleted = 0;
CREATE INDEX cw_vehicles_transporter ON cw_vehicles (transporter_id);

-- Receiving facilities, of five kinds (Changchun's rules): disposal (消纳场), recycling
-- (资源化利用厂), transfer and sorting (中转/分拣), backfill (回填, where 土方平衡 soil goes) and
-- ecological restoration (生态修复). `accepts` lists the categories the facility may take,
-- comma-separated keys in the order of the categories; NULL means the defaults of its kind
-- (src/construction/facilities.rs). A load of another category raises an alert.
CREATE TABLE cw_facilities (
    id             BLOB PRIMARY KEY,
    name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind           TEXT NOT NULL CHECK (kind IN ('disposal', 'recycling', 'transfer', 'backfill', 'restoration')),
    accepts        TEXT,
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
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    -- The category's density (kg/m³) frozen at dispatch, for every load past the draft: a
    -- later change of the setting never rewrites a past figure.
    density_kg_m3 INTEGER CHECK (density_kg_m3 IS NULL OR density_kg_m3 > 0),
    disposal_method TEXT CHECK (disposal_method IN ('recycling', 'backfill', 'landfill', 'transfer')),
    -- The approval and permit numbers as they were at dispatch.
    site_approval_no TEXT,
    transporter_permit_no TEXT,
    vehicle_permit_no TEXT,
    facility_approval_no TEXT,
    -- The paper manifest's number, when a clerk transcribes one.
    paper_no TEXT,
    -- The planned time window of the trip (UTC).
    window_from TEXT,
    window_to TEXT,
    -- The weighbridge: gross and tare in grams (received_qty is the net) and the ticket.
    gross_g INTEGER CHECK (gross_g IS NULL OR gross_g >= 0),
    tare_g INTEGER CHECK (tare_g IS NULL OR tare_g >= 0),
    ticket_no TEXT,
    -- A refused or partly refused load: the manifest that took it elsewhere.
    followup_id BLOB REFERENCES cw_manifests (id)
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
-- An import names a load by its paper manifest number when it has one.
CREATE INDEX cw_manifests_paper ON cw_manifests (paper_no) WHERE paper_no IS NOT NULL;
CREATE INDEX cw_manifests_followup ON cw_manifests (followup_id) WHERE followup_id IS NOT NULL;

-- What a facility used each month, per product line, in grams of WASTE INPUT (the numerator
-- of the resource-use rates: a recycled brick includes cement, so its mass would overstate the
-- waste used), with the product's mass beside it when known. Building-material lines
-- (aggregate, brick, road, other) count toward 资源化利用率; backfill and restoration toward
-- 综合利用率 only; landfill toward neither. A month's input may exceed that month's intake:
-- facilities work from stock.
CREATE TABLE cw_facility_outputs (
    id          BLOB NOT NULL CHECK (length(id) = 16),
    facility_id BLOB NOT NULL REFERENCES cw_facilities (id),
    month       TEXT NOT NULL CHECK (month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
    product     TEXT NOT NULL CHECK (product IN ('aggregate', 'brick', 'road', 'other', 'backfill', 'restoration', 'landfill')),
    input_g     INTEGER NOT NULL CHECK (input_g >= 0),
    product_g   INTEGER CHECK (product_g IS NULL OR product_g >= 0),
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    origin      INTEGER NOT NULL,
    clock       INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (facility_id, month, product)
) STRICT, WITHOUT ROWID;
-- Covers the rates' sum of a period's input per facility and line.
CREATE INDEX cw_facility_outputs_month ON cw_facility_outputs (month, deleted, facility_id, product, input_g);

-- What a site declares for a month and category (the denominator of the resource-use rates):
-- generated, reused on the site, and sent directly to another site (土方平衡), in grams; m³
-- are converted at entry with the density kept beside (NULL when declared in tonnes).
CREATE TABLE cw_site_declarations (
    id            BLOB NOT NULL CHECK (length(id) = 16),
    site_id       BLOB NOT NULL REFERENCES cw_sites (id),
    month         TEXT NOT NULL CHECK (month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
    category      TEXT NOT NULL CHECK (category IN ('soil', 'slurry', 'engineering', 'demolition', 'decoration')),
    generated_g   INTEGER NOT NULL CHECK (generated_g >= 0),
    reused_g      INTEGER NOT NULL DEFAULT 0 CHECK (reused_g >= 0),
    balanced_g    INTEGER NOT NULL DEFAULT 0 CHECK (balanced_g >= 0),
    unit          TEXT NOT NULL DEFAULT 't' CHECK (unit IN ('t', 'm3')),
    density_kg_m3 INTEGER CHECK (density_kg_m3 IS NULL OR density_kg_m3 > 0),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    origin        INTEGER NOT NULL,
    clock         INTEGER NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    CHECK (reused_g + balanced_g <= generated_g),
    PRIMARY KEY (site_id, month, category)
) STRICT, WITHOUT ROWID;
-- Covers the rates' sum of a period's declarations.
CREATE INDEX cw_site_declarations_month ON cw_site_declarations (month, deleted, site_id, generated_g, reused_g, balanced_g);

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

-- The change log: every row a write changed. `delta` is compact binary (src/audit/images.rs):
-- for an insert the new row's values, for an update or a delete (a tombstone) only the
-- changed columns' values before and after; columns are named by their number in
-- change_columns. `after_hash` is the row's hash after the change (SHA-256 of its column
-- values in table order, first 8 bytes), which `zwl check` compares with the row as it is.
-- A bulk insert (imports, generated data) is one entry per block of at most 1,000 rows of one
-- table and change set, in id order: action 'bulk_insert', `row_id` the block's first id,
-- `delta` its row count and last id, `after_hash` the hash of its rows' ids and hashes. The
-- rows name their change set in `clock`; a row changed later is counted in its block as it
-- was, rebuilt from the row and its later entries.
-- Appended in `seq` order (the rowid: pages fill densely); a row's history is one range of
-- change_log_row. The core is the only writer, so `change_set` and `action` carry no FOREIGN
-- KEY or CHECK: `zwl check` verifies both by walking the chain.
-- A schema change that adds, drops or reorders a table's columns changes its rows' hashes:
-- its upgrade step rehashes the rows' latest entries and bulk blocks.
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

-- ---------------------------------------------------------------------------------------
-- The clerk's day (version 4): alerts acknowledged with a note, districts' English names.

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

-- ===== Assessment, naming and certification reports =====
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

-- Agricultural waste (农业废弃物): pesticide packaging (农药包装废弃物) and film (农膜)
-- recovery, straw (秸秆) and livestock manure (畜禽粪污). Quantities are grams; areas are
-- square metres; factors are kept in thousandths (integers) and frozen on the rows that use
-- them, so a later change of a setting never rewrites a past figure.

-- Townships (乡镇) and villages (村) of a district: the denominator of coverage.
CREATE TABLE agri_places (
    id         BLOB PRIMARY KEY,
    district   TEXT NOT NULL REFERENCES districts (code),
    parent_id  BLOB REFERENCES agri_places (id),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    code       TEXT CHECK (code IS NULL OR (length(code) = 12 AND code NOT GLOB '*[^0-9]*')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    origin     INTEGER NOT NULL,
    clock      INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX agri_places_name ON agri_places (district, coalesce(parent_id, x''), name);
CREATE INDEX agri_places_parent ON agri_places (parent_id);

-- Kinds as data: containers, materials (with recyclable), film kinds, crops (草谷比,
-- 可收集系数), livestock (daily dung and wastewater, days a year). Built-in kinds live in the
-- code with their sources; a row adds a kind or overrides a built-in one of the same key.
CREATE TABLE agri_kinds (
    id            BLOB PRIMARY KEY,
    domain        TEXT NOT NULL CHECK (domain IN ('container', 'material', 'film', 'crop', 'livestock')),
    key           TEXT NOT NULL CHECK (length(trim(key)) > 0),
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    recyclable    INTEGER CHECK (recyclable IN (0, 1)),
    ratio_milli   INTEGER CHECK (ratio_milli IS NULL OR ratio_milli > 0),
    collect_milli INTEGER CHECK (collect_milli IS NULL OR collect_milli BETWEEN 0 AND 1000),
    dung_g_day    INTEGER CHECK (dung_g_day IS NULL OR dung_g_day >= 0),
    water_g_day   INTEGER CHECK (water_g_day IS NULL OR water_g_day >= 0),
    days          INTEGER CHECK (days IS NULL OR days BETWEEN 1 AND 366),
    source        TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    origin        INTEGER NOT NULL,
    clock         INTEGER NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    UNIQUE (domain, key)
) STRICT;

-- Recovery points (回收站点).
CREATE TABLE agri_points (
    id            BLOB PRIMARY KEY,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    operator      TEXT NOT NULL DEFAULT '',
    operator_uscc TEXT,
    district      TEXT NOT NULL REFERENCES districts (code),
    township_id   BLOB REFERENCES agri_places (id),
    village_id    BLOB REFERENCES agri_places (id),
    takes         TEXT NOT NULL CHECK (takes IN ('pesticide', 'film', 'both')),
    active_from   TEXT NOT NULL,
    active_to     TEXT,
    contact       TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    origin        INTEGER NOT NULL,
    clock         INTEGER NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX agri_points_district ON agri_points (district);
CREATE INDEX agri_points_township ON agri_points (township_id);
CREATE INDEX agri_points_village ON agri_points (village_id);
CREATE INDEX agri_points_name ON agri_points (name);

-- The recovery ledger (回收台账): one hand-in. A correction updates the row with a reason in
-- the change log; a row younger than two years is never deleted.
CREATE TABLE agri_entries (
    id           BLOB PRIMARY KEY,
    date         TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    point_id     BLOB NOT NULL REFERENCES agri_points (id),
    stream       TEXT NOT NULL CHECK (stream IN ('pesticide', 'film')),
    container    TEXT,
    material     TEXT,
    film_kind    TEXT,
    count        INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
    weight_g     INTEGER NOT NULL CHECK (weight_g > 0),
    impurity_pm  INTEGER CHECK (impurity_pm IS NULL OR impurity_pm BETWEEN 0 AND 1000),
    giver_kind   TEXT NOT NULL CHECK (giver_kind IN ('farmer', 'coop', 'dealer')),
    giver_name   TEXT NOT NULL DEFAULT '',
    giver_phone  TEXT NOT NULL DEFAULT '',
    price_fen    INTEGER CHECK (price_fen IS NULL OR price_fen >= 0),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    origin       INTEGER NOT NULL,
    clock        INTEGER NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
-- Covers the rates' sums of a period by point (and a point's stock by date).
CREATE INDEX agri_entries_date ON agri_entries (date, deleted, point_id, stream, weight_g, count);
CREATE INDEX agri_entries_point ON agri_entries (point_id, stream, date, deleted, weight_g, count);
CREATE INDEX agri_entries_clock ON agri_entries (clock);

-- Outbound (出库): where recovered material went.
CREATE TABLE agri_outbound (
    id          BLOB PRIMARY KEY,
    date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    point_id    BLOB NOT NULL REFERENCES agri_points (id),
    stream      TEXT NOT NULL CHECK (stream IN ('pesticide', 'film')),
    destination TEXT NOT NULL CHECK (destination IN ('recycler', 'incineration', 'landfill')),
    receiver    TEXT NOT NULL CHECK (length(trim(receiver)) > 0),
    weight_g    INTEGER NOT NULL CHECK (weight_g > 0),
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    origin      INTEGER NOT NULL,
    clock       INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX agri_outbound_point ON agri_outbound (point_id, stream, date, deleted, weight_g);

-- The basis of the rates: pesticide sold by dealers (农药经营者销售台账), and film used by
-- township and crop.
CREATE TABLE agri_pesticide_sales (
    id          BLOB PRIMARY KEY,
    date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    dealer      TEXT NOT NULL CHECK (length(trim(dealer)) > 0),
    district    TEXT NOT NULL REFERENCES districts (code),
    township_id BLOB REFERENCES agri_places (id),
    product     TEXT NOT NULL DEFAULT '',
    packages    INTEGER NOT NULL DEFAULT 0 CHECK (packages >= 0),
    weight_g    INTEGER NOT NULL CHECK (weight_g > 0),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    origin      INTEGER NOT NULL,
    clock       INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX agri_pesticide_sales_date ON agri_pesticide_sales (date, deleted, district, township_id);

CREATE TABLE agri_film_use (
    id          BLOB PRIMARY KEY,
    date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    district    TEXT NOT NULL REFERENCES districts (code),
    township_id BLOB REFERENCES agri_places (id),
    crop        TEXT NOT NULL,
    film_kind   TEXT NOT NULL,
    weight_g    INTEGER NOT NULL CHECK (weight_g > 0),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    origin      INTEGER NOT NULL,
    clock       INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX agri_film_use_date ON agri_film_use (date, deleted, district, township_id);

-- Straw (秸秆) by township (or district) and season: output and the five uses (五化).
CREATE TABLE agri_straw (
    id            BLOB PRIMARY KEY,
    district      TEXT NOT NULL REFERENCES districts (code),
    township_id   BLOB REFERENCES agri_places (id),
    year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    season        TEXT NOT NULL CHECK (season IN ('spring', 'summer', 'autumn', 'year')),
    crop          TEXT NOT NULL,
    area_m2       INTEGER NOT NULL CHECK (area_m2 >= 0),
    output_g      INTEGER NOT NULL CHECK (output_g >= 0),
    ratio_milli   INTEGER NOT NULL CHECK (ratio_milli > 0),
    collect_milli INTEGER NOT NULL CHECK (collect_milli BETWEEN 0 AND 1000),
    fertiliser_g  INTEGER NOT NULL DEFAULT 0 CHECK (fertiliser_g >= 0),
    feed_g        INTEGER NOT NULL DEFAULT 0 CHECK (feed_g >= 0),
    fuel_g        INTEGER NOT NULL DEFAULT 0 CHECK (fuel_g >= 0),
    substrate_g   INTEGER NOT NULL DEFAULT 0 CHECK (substrate_g >= 0),
    material_g    INTEGER NOT NULL DEFAULT 0 CHECK (material_g >= 0),
    burned_g      INTEGER NOT NULL DEFAULT 0 CHECK (burned_g >= 0),
    left_g        INTEGER NOT NULL DEFAULT 0 CHECK (left_g >= 0),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    origin        INTEGER NOT NULL,
    clock         INTEGER NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX agri_straw_key ON agri_straw (district, coalesce(township_id, x''), year, season, crop);

-- Livestock manure (畜禽粪污) by farm (规模养殖场) or township, per year.
CREATE TABLE agri_manure (
    id           BLOB PRIMARY KEY,
    district     TEXT NOT NULL REFERENCES districts (code),
    township_id  BLOB REFERENCES agri_places (id),
    farm         TEXT NOT NULL DEFAULT '',
    farm_uscc    TEXT,
    year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    livestock    TEXT NOT NULL,
    heads        INTEGER NOT NULL CHECK (heads >= 0),
    dung_g_day   INTEGER NOT NULL CHECK (dung_g_day >= 0),
    water_g_day  INTEGER NOT NULL CHECK (water_g_day >= 0),
    days         INTEGER NOT NULL CHECK (days BETWEEN 1 AND 366),
    fertiliser_g INTEGER NOT NULL DEFAULT 0 CHECK (fertiliser_g >= 0),
    biogas_g     INTEGER NOT NULL DEFAULT 0 CHECK (biogas_g >= 0),
    other_g      INTEGER NOT NULL DEFAULT 0 CHECK (other_g >= 0),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    origin       INTEGER NOT NULL,
    clock        INTEGER NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX agri_manure_key ON agri_manure (district, coalesce(township_id, x''), farm, year, livestock);

-- Sync by file (src/sync/, docs/sync-format.md).
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
