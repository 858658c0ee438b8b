-- Schema version 3 → 4, part 'agri': agricultural waste recovery, straw and manure. Written
-- once for this step; never edited after release.

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
