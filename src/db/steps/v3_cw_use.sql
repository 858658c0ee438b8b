-- Schema version 2 → 3, part 'cw_use'. Written once for this step; never edited after release.
-- Facility kinds and the categories each accepts; facility output as waste input per product
-- line; sites' declarations of generation and on-site reuse.

-- Facilities: five kinds (Changchun's rules), and the categories a facility accepts (NULL:
-- the defaults of its kind). Rebuilt because the kind's CHECK changes. Existing facilities
-- keep their kind (disposal, recycling); v3.rs then widens `accepts` of a facility that has
-- already received a category outside its kind's defaults, so history raises no alert.
CREATE TABLE cw_facilities_v3 (
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
INSERT INTO cw_facilities_v3 (id, name, kind, accepts, uscc, district, approval_no, approval_until,
    capacity_g, created_at, updated_at, origin, clock, deleted)
SELECT id, name, kind, NULL, uscc, district, approval_no, approval_until, capacity_g, created_at,
    updated_at, origin, clock, deleted FROM cw_facilities;
DROP TABLE cw_facilities;
ALTER TABLE cw_facilities_v3 RENAME TO cw_facilities;
CREATE INDEX cw_facilities_district ON cw_facilities (district);

-- Facility output becomes the waste INPUT per product line (the numerator of the indicator:
-- a recycled brick includes cement, so its mass overstates the waste used), with the product
-- mass kept beside it when known. New lines: road material, ecological restoration.
-- How version 2's product mass becomes waste input: crushing, screening, backfill and
-- landfill add no material, so their product mass is taken as the waste input; bricks and
-- other recycled building materials are bound with cement and additives, so 85% of their
-- mass is taken as waste (the usual share of recycled aggregate in such products). The
-- product mass is kept in product_g and the note says the input was derived (v2_mass: equal
-- to the mass; v2_mass_85: 85% of it).
CREATE TABLE cw_facility_outputs_v3 (
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
INSERT INTO cw_facility_outputs_v3 (id, facility_id, month, product, input_g, product_g, note,
    created_at, updated_at, origin, clock, deleted)
SELECT id, facility_id, month, product,
    CASE WHEN product IN ('brick', 'other') THEN qty_g * 85 / 100 ELSE qty_g END,
    qty_g,
    CASE WHEN product IN ('brick', 'other') THEN 'v2_mass_85' ELSE 'v2_mass' END,
    created_at, updated_at, origin, clock, deleted
FROM cw_facility_outputs;
DROP TABLE cw_facility_outputs;
ALTER TABLE cw_facility_outputs_v3 RENAME TO cw_facility_outputs;
CREATE INDEX cw_facility_outputs_month ON cw_facility_outputs (month, deleted, facility_id, product, input_g);

-- What a site declares for a month and category: generated, reused on the site, and sent
-- directly to another site (土方平衡), in grams; m³ converted at entry with the density
-- recorded beside (NULL when declared in tonnes).
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
CREATE INDEX cw_site_declarations_month ON cw_site_declarations (month, deleted, site_id, generated_g, reused_g, balanced_g);
