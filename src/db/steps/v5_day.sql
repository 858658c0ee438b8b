-- Schema version 5, part day. The clerk's day in the window: names that clerks give in English.

-- English names of reporting areas (报送区域的英文名), shown in the window's English mode.
-- An area is named by a clerk in Chinese; its English name is given beside it (required when
-- the area is created in the window's English mode, optional otherwise). 市本级 has its
-- English name built in. One live row per area code. Logged.
CREATE TABLE reporting_area_names_en (
    id         BLOB PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name_en    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    origin     INTEGER NOT NULL,
    clock      INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
