-- Schema version 2 → 3, part 'codes'. Written once for this step; never edited after release.
-- Live cells may share a credit code with a stated reason: the unique index goes.
DROP INDEX cells_uscc;
CREATE INDEX cells_uscc ON cells (uscc) WHERE uscc IS NOT NULL AND deleted = 0;

-- 公主岭市 moved from 四平 to 长春 in 2020: its old code maps to the new one.
INSERT OR IGNORE INTO district_aliases (old_code, code, note)
    SELECT '220381', '220184', '公主岭市由四平市划归长春市（2020）'
    WHERE EXISTS (SELECT 1 FROM districts WHERE code = '220184');

-- The stored status keys stay: each maps one to one onto the new wording (planned 计划创建,
-- applying 已申报, creating 创建中, assessed 验收通过（待命名）, certified 已命名, revoked
-- 撤销命名), so rows, their change-log images and older installations' files keep meaning
-- the same. Certified cells keep their date and expiry on the cell (batch and document
-- number unknown).

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
