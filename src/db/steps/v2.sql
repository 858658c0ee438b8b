-- Schema version 1 → 2. Written once for this step and never edited (schema.sql moves on).
-- Sync columns become compact: created_at / updated_at from RFC 3339 text to milliseconds
-- since 1970-01-01 UTC, origin from the installation's UUID text to its number in the new
-- `installations` table. Monthly records drop the FOREIGN KEYs the core checks instead.
-- The cells get a text index. The change log gains `before_hash`.
-- Each table is rebuilt (create, copy, drop, rename) with foreign keys off; the core checks
-- them before it commits and then recomputes every row's latest change-log image
-- (src/db/migrations.rs).

CREATE TABLE installations (
    n          INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
    first_seen TEXT NOT NULL
) STRICT;
INSERT INTO installations (n, id, first_seen)
    SELECT 1, value, (SELECT value FROM meta WHERE key = 'created_at')
    FROM meta WHERE key = 'installation_id';
INSERT OR IGNORE INTO installations (id, first_seen)
    SELECT origin, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM (
        SELECT origin FROM districts
        UNION SELECT origin FROM cell_kinds
        UNION SELECT origin FROM cells
        UNION SELECT origin FROM cell_records
        UNION SELECT origin FROM cw_sites
        UNION SELECT origin FROM cw_transporters
        UNION SELECT origin FROM cw_vehicles
        UNION SELECT origin FROM cw_facilities
        UNION SELECT origin FROM cw_manifests
        UNION SELECT origin FROM cw_facility_outputs);

-- districts
CREATE TABLE districts_v2 (
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
INSERT INTO districts_v2 (id, code, name, kind, created_at, updated_at, origin, clock, deleted)
    SELECT o.id, o.code, o.name, o.kind, CAST(round(unixepoch(o.created_at, 'subsec') * 1000) AS INTEGER), CAST(round(unixepoch(o.updated_at, 'subsec') * 1000) AS INTEGER), (SELECT n FROM installations i WHERE i.id = o.origin), o.clock, o.deleted
    FROM districts o;
DROP TABLE districts;
ALTER TABLE districts_v2 RENAME TO districts;

-- cell_kinds
CREATE TABLE cell_kinds_v2 (
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
INSERT INTO cell_kinds_v2 (id, key, name_zh, name_en, uscc_required, denominator, sort, created_at, updated_at, origin, clock, deleted)
    SELECT o.id, o.key, o.name_zh, o.name_en, o.uscc_required, o.denominator, o.sort, CAST(round(unixepoch(o.created_at, 'subsec') * 1000) AS INTEGER), CAST(round(unixepoch(o.updated_at, 'subsec') * 1000) AS INTEGER), (SELECT n FROM installations i WHERE i.id = o.origin), o.clock, o.deleted
    FROM cell_kinds o;
DROP TABLE cell_kinds;
ALTER TABLE cell_kinds_v2 RENAME TO cell_kinds;

-- cells
CREATE TABLE cells_v2 (
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
    -- People or households, as the kind's denominator says; the per-capita denominator.
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
INSERT INTO cells_v2 (id, name, kind, uscc, uscc_override, district, address, contact, phone, manager, headcount, baseline_headcount, baseline_year, status, certified_on, expires_on, created_at, updated_at, origin, clock, deleted)
    SELECT o.id, o.name, o.kind, o.uscc, o.uscc_override, o.district, o.address, o.contact, o.phone, o.manager, o.headcount, o.baseline_headcount, o.baseline_year, o.status, o.certified_on, o.expires_on, CAST(round(unixepoch(o.created_at, 'subsec') * 1000) AS INTEGER), CAST(round(unixepoch(o.updated_at, 'subsec') * 1000) AS INTEGER), (SELECT n FROM installations i WHERE i.id = o.origin), o.clock, o.deleted
    FROM cells o;
DROP TABLE cells;
ALTER TABLE cells_v2 RENAME TO cells;
CREATE UNIQUE INDEX cells_uscc ON cells (uscc) WHERE uscc IS NOT NULL AND deleted = 0;
CREATE INDEX cells_live ON cells (deleted, id);
CREATE INDEX cells_kind ON cells (kind, deleted, id);
CREATE INDEX cells_district ON cells (district, deleted, id);
CREATE INDEX cells_status ON cells (status, deleted, id);

-- cell_records
CREATE TABLE cell_records_v2 (
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
INSERT INTO cell_records_v2 (id, cell_id, month, category, generated_g, recycled_g, composted_g, incinerated_g, landfilled_g, created_at, updated_at, origin, clock, deleted)
    SELECT o.id, o.cell_id, o.month, o.category, o.generated_g, o.recycled_g, o.composted_g, o.incinerated_g, o.landfilled_g, CAST(round(unixepoch(o.created_at, 'subsec') * 1000) AS INTEGER), CAST(round(unixepoch(o.updated_at, 'subsec') * 1000) AS INTEGER), (SELECT n FROM installations i WHERE i.id = o.origin), o.clock, o.deleted
    FROM cell_records o;
DROP TABLE cell_records;
ALTER TABLE cell_records_v2 RENAME TO cell_records;

-- cw_sites
CREATE TABLE cw_sites_v2 (
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
INSERT INTO cw_sites_v2 (id, name, project_no, approval_no, approval_until, builder, builder_uscc, district, address, contact, phone, created_at, updated_at, origin, clock, deleted)
    SELECT o.id, o.name, o.project_no, o.approval_no, o.approval_until, o.builder, o.builder_uscc, o.district, o.address, o.contact, o.phone, CAST(round(unixepoch(o.created_at, 'subsec') * 1000) AS INTEGER), CAST(round(unixepoch(o.updated_at, 'subsec') * 1000) AS INTEGER), (SELECT n FROM installations i WHERE i.id = o.origin), o.clock, o.deleted
    FROM cw_sites o;
DROP TABLE cw_sites;
ALTER TABLE cw_sites_v2 RENAME TO cw_sites;
CREATE INDEX cw_sites_district ON cw_sites (district);

-- cw_transporters
CREATE TABLE cw_transporters_v2 (
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
INSERT INTO cw_transporters_v2 (id, name, uscc, permit_no, permit_until, created_at, updated_at, origin, clock, deleted)
    SELECT o.id, o.name, o.uscc, o.permit_no, o.permit_until, CAST(round(unixepoch(o.created_at, 'subsec') * 1000) AS INTEGER), CAST(round(unixepoch(o.updated_at, 'subsec') * 1000) AS INTEGER), (SELECT n FROM installations i WHERE i.id = o.origin), o.clock, o.deleted
    FROM cw_transporters o;
DROP TABLE cw_transporters;
ALTER TABLE cw_transporters_v2 RENAME TO cw_transporters;

-- cw_vehicles
CREATE TABLE cw_vehicles_v2 (
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
INSERT INTO cw_vehicles_v2 (id, transporter_id, plate, driver, permit_no, permit_until, created_at, updated_at, origin, clock, deleted)
    SELECT o.id, o.transporter_id, o.plate, o.driver, o.permit_no, o.permit_until, CAST(round(unixepoch(o.created_at, 'subsec') * 1000) AS INTEGER), CAST(round(unixepoch(o.updated_at, 'subsec') * 1000) AS INTEGER), (SELECT n FROM installations i WHERE i.id = o.origin), o.clock, o.deleted
    FROM cw_vehicles o;
DROP TABLE cw_vehicles;
ALTER TABLE cw_vehicles_v2 RENAME TO cw_vehicles;
CREATE UNIQUE INDEX cw_vehicles_plate ON cw_vehicles (plate) WHERE deleted = 0;
CREATE INDEX cw_vehicles_transporter ON cw_vehicles (transporter_id);

-- cw_facilities
CREATE TABLE cw_facilities_v2 (
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
INSERT INTO cw_facilities_v2 (id, name, kind, uscc, district, approval_no, approval_until, capacity_g, created_at, updated_at, origin, clock, deleted)
    SELECT o.id, o.name, o.kind, o.uscc, o.district, o.approval_no, o.approval_until, o.capacity_g, CAST(round(unixepoch(o.created_at, 'subsec') * 1000) AS INTEGER), CAST(round(unixepoch(o.updated_at, 'subsec') * 1000) AS INTEGER), (SELECT n FROM installations i WHERE i.id = o.origin), o.clock, o.deleted
    FROM cw_facilities o;
DROP TABLE cw_facilities;
ALTER TABLE cw_facilities_v2 RENAME TO cw_facilities;
CREATE INDEX cw_facilities_district ON cw_facilities (district);

-- cw_manifests
CREATE TABLE cw_manifests_v2 (
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
INSERT INTO cw_manifests_v2 (id, number, category, unit, declared_qty, overload_reason, site_id, transporter_id, vehicle_id, driver, route, facility_id, departure_at, status, outcome, received_qty, refused_qty, received_at, closed_at, cancel_reason, created_at, updated_at, origin, clock, deleted)
    SELECT o.id, o.number, o.category, o.unit, o.declared_qty, o.overload_reason, o.site_id, o.transporter_id, o.vehicle_id, o.driver, o.route, o.facility_id, o.departure_at, o.status, o.outcome, o.received_qty, o.refused_qty, o.received_at, o.closed_at, o.cancel_reason, CAST(round(unixepoch(o.created_at, 'subsec') * 1000) AS INTEGER), CAST(round(unixepoch(o.updated_at, 'subsec') * 1000) AS INTEGER), (SELECT n FROM installations i WHERE i.id = o.origin), o.clock, o.deleted
    FROM cw_manifests o;
DROP TABLE cw_manifests;
ALTER TABLE cw_manifests_v2 RENAME TO cw_manifests;
CREATE INDEX cw_manifests_status ON cw_manifests (status, deleted, departure_at);
CREATE INDEX cw_manifests_site ON cw_manifests (site_id, status, deleted, departure_at);
CREATE INDEX cw_manifests_facility ON cw_manifests (facility_id, status, deleted, departure_at);
CREATE INDEX cw_manifests_departure ON cw_manifests (deleted, departure_at);
CREATE INDEX cw_manifests_received ON cw_manifests (received_at, status, site_id, facility_id,
    category, unit, received_qty, refused_qty, deleted) WHERE received_at IS NOT NULL;
CREATE INDEX cw_manifests_transporter ON cw_manifests (transporter_id);
CREATE INDEX cw_manifests_vehicle ON cw_manifests (vehicle_id);

-- cw_facility_outputs
CREATE TABLE cw_facility_outputs_v2 (
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
INSERT INTO cw_facility_outputs_v2 (id, facility_id, month, product, qty_g, created_at, updated_at, origin, clock, deleted)
    SELECT o.id, o.facility_id, o.month, o.product, o.qty_g, CAST(round(unixepoch(o.created_at, 'subsec') * 1000) AS INTEGER), CAST(round(unixepoch(o.updated_at, 'subsec') * 1000) AS INTEGER), (SELECT n FROM installations i WHERE i.id = o.origin), o.clock, o.deleted
    FROM cw_facility_outputs o;
DROP TABLE cw_facility_outputs;
ALTER TABLE cw_facility_outputs_v2 RENAME TO cw_facility_outputs;

CREATE VIRTUAL TABLE cells_fts USING fts5(cell UNINDEXED, terms, tokenize = 'unicode61 remove_diacritics 0');

ALTER TABLE change_log ADD COLUMN before_hash INTEGER;
