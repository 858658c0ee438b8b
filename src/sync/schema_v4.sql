-- The schema of version 4, as a version-4 ledger was created: the base on which an older
-- bundle's rows are loaded before the upgrade steps 5 and later run over them (src/sync/upgrade.rs).
-- Frozen: never edit (a released version's schema does not change).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
CREATE TABLE installations (
    n          INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
    first_seen TEXT NOT NULL
) STRICT;
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
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
CREATE TABLE district_aliases (
    old_code TEXT PRIMARY KEY CHECK (length(old_code) = 6),
    code     TEXT NOT NULL REFERENCES districts (code),
    note     TEXT NOT NULL DEFAULT ''
) STRICT;
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
CREATE TABLE activity_kinds (
    key     TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    unit_zh TEXT NOT NULL,
    unit_en TEXT NOT NULL,
    per_day INTEGER NOT NULL CHECK (per_day IN (0, 1)),
    sort    INTEGER NOT NULL
) STRICT;
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
CREATE TABLE change_sets (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL, -- UTC, milliseconds since 1970-01-01
    operator TEXT NOT NULL,
    origin   INTEGER NOT NULL, -- installations.n
    hash     BLOB
) STRICT;
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
CREATE TABLE change_columns (
    n    INTEGER PRIMARY KEY,
    tbl  TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (tbl, name)
) STRICT;
CREATE TABLE change_baseline (
    tbl    TEXT NOT NULL,
    row_id BLOB NOT NULL,
    hash   INTEGER NOT NULL,
    PRIMARY KEY (tbl, row_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE chain_heads (
    seq     INTEGER NOT NULL,
    hash    BLOB NOT NULL,
    seen_at TEXT NOT NULL,
    seen_by TEXT NOT NULL,
    PRIMARY KEY (seq, hash)
) STRICT, WITHOUT ROWID;
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
CREATE INDEX district_aliases_code ON district_aliases (code);
CREATE INDEX waste_categories_stream ON waste_categories (stream);
CREATE INDEX kind_denominators_stream ON kind_denominators (stream);
CREATE INDEX kind_denominators_figure ON kind_denominators (figure);
CREATE INDEX cells_uscc ON cells (uscc) WHERE uscc IS NOT NULL AND deleted = 0;
CREATE INDEX cells_live ON cells (deleted, id);
CREATE INDEX cells_kind ON cells (kind, deleted, id);
CREATE INDEX cells_district ON cells (district, deleted, id);
CREATE INDEX cells_status ON cells (status, deleted, id);
CREATE INDEX cell_namings_cell ON cell_namings (cell_id, named_on);
CREATE UNIQUE INDEX reporting_area_districts_district ON reporting_area_districts (district) WHERE deleted = 0;
CREATE INDEX reporting_area_districts_area ON reporting_area_districts (area);
CREATE INDEX cell_activity_figure ON cell_activity (figure);
CREATE INDEX cell_containers_category ON cell_containers (category);
CREATE INDEX cell_record_counts_category ON cell_record_counts (category);
CREATE INDEX cw_sites_district ON cw_sites (district);
CREATE UNIQUE INDEX cw_vehicles_plate ON cw_vehicles (plate) WHERE deleted = 0;
CREATE INDEX cw_vehicles_transporter ON cw_vehicles (transporter_id);
CREATE INDEX cw_facilities_district ON cw_facilities (district);
CREATE INDEX cw_manifests_status ON cw_manifests (status, deleted, departure_at);
CREATE INDEX cw_manifests_site ON cw_manifests (site_id, status, deleted, departure_at);
CREATE INDEX cw_manifests_facility ON cw_manifests (facility_id, status, deleted, departure_at);
CREATE INDEX cw_manifests_departure ON cw_manifests (deleted, departure_at);
CREATE INDEX cw_manifests_received ON cw_manifests (received_at, status, site_id, facility_id,
    category, unit, received_qty, refused_qty, deleted) WHERE received_at IS NOT NULL;
CREATE INDEX cw_manifests_transporter ON cw_manifests (transporter_id);
CREATE INDEX cw_manifests_vehicle ON cw_manifests (vehicle_id);
CREATE INDEX cw_manifests_paper ON cw_manifests (paper_no) WHERE paper_no IS NOT NULL;
CREATE INDEX cw_manifests_followup ON cw_manifests (followup_id) WHERE followup_id IS NOT NULL;
CREATE INDEX cw_facility_outputs_month ON cw_facility_outputs (month, deleted, facility_id, product, input_g);
CREATE INDEX cw_site_declarations_month ON cw_site_declarations (month, deleted, site_id, generated_g, reused_g, balanced_g);
CREATE INDEX change_log_row ON change_log (row_id);
CREATE INDEX change_log_bulk ON change_log (tbl, change_set) WHERE action = 'bulk_insert';
CREATE INDEX cells_clock ON cells (clock);
CREATE INDEX cell_records_clock ON cell_records (clock);
CREATE INDEX cw_manifests_clock ON cw_manifests (clock);
CREATE INDEX cells_name ON cells (name);
CREATE INDEX cw_sites_name ON cw_sites (name);
CREATE INDEX cw_transporters_name ON cw_transporters (name);
CREATE INDEX cw_facilities_name ON cw_facilities (name);
CREATE INDEX alert_acks_key ON alert_acks (alert_key) WHERE deleted = 0;
CREATE INDEX cell_assessments_cell ON cell_assessments (cell_id, assessed_on);
CREATE INDEX cert_reports_cell ON cert_reports (cell_id);
CREATE UNIQUE INDEX agri_places_name ON agri_places (district, coalesce(parent_id, x''), name);
CREATE INDEX agri_places_parent ON agri_places (parent_id);
CREATE INDEX agri_points_district ON agri_points (district);
CREATE INDEX agri_points_township ON agri_points (township_id);
CREATE INDEX agri_points_village ON agri_points (village_id);
CREATE INDEX agri_points_name ON agri_points (name);
CREATE INDEX agri_entries_date ON agri_entries (date, deleted, point_id, stream, weight_g, count);
CREATE INDEX agri_entries_point ON agri_entries (point_id, stream, date, deleted, weight_g, count);
CREATE INDEX agri_entries_clock ON agri_entries (clock);
CREATE INDEX agri_outbound_point ON agri_outbound (point_id, stream, date, deleted, weight_g);
CREATE INDEX agri_pesticide_sales_date ON agri_pesticide_sales (date, deleted, district, township_id);
CREATE INDEX agri_film_use_date ON agri_film_use (date, deleted, district, township_id);
CREATE UNIQUE INDEX agri_straw_key ON agri_straw (district, coalesce(township_id, x''), year, season, crop);
CREATE UNIQUE INDEX agri_manure_key ON agri_manure (district, coalesce(township_id, x''), farm, year, livestock);
CREATE VIRTUAL TABLE cells_fts USING fts5(cell UNINDEXED, terms, tokenize = 'unicode61 remove_diacritics 0');
