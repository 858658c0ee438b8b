-- Schema version 2 → 3, part 'cw'. Written once for this step; never edited after release.

-- Vehicles record their rated payload (核定载质量, from the 行驶证) and box volume: the limits
-- a load is checked against. Unknown (NULL) for vehicles registered before.
ALTER TABLE cw_vehicles ADD COLUMN rated_payload_g INTEGER CHECK (rated_payload_g IS NULL OR rated_payload_g > 0);
ALTER TABLE cw_vehicles ADD COLUMN box_volume_cm3 INTEGER CHECK (box_volume_cm3 IS NULL OR box_volume_cm3 > 0);

-- Manifests: the density frozen at dispatch, the disposal method, the approval and permit
-- numbers as they were at dispatch, the paper manifest number, the planned time window, the
-- weighbridge's gross, tare and ticket, and the follow-up manifest of a refused load.
ALTER TABLE cw_manifests ADD COLUMN density_kg_m3 INTEGER CHECK (density_kg_m3 IS NULL OR density_kg_m3 > 0);
ALTER TABLE cw_manifests ADD COLUMN disposal_method TEXT CHECK (disposal_method IN ('recycling', 'backfill', 'landfill', 'transfer'));
ALTER TABLE cw_manifests ADD COLUMN site_approval_no TEXT;
ALTER TABLE cw_manifests ADD COLUMN transporter_permit_no TEXT;
ALTER TABLE cw_manifests ADD COLUMN vehicle_permit_no TEXT;
ALTER TABLE cw_manifests ADD COLUMN facility_approval_no TEXT;
ALTER TABLE cw_manifests ADD COLUMN paper_no TEXT;
ALTER TABLE cw_manifests ADD COLUMN window_from TEXT;
ALTER TABLE cw_manifests ADD COLUMN window_to TEXT;
ALTER TABLE cw_manifests ADD COLUMN gross_g INTEGER CHECK (gross_g IS NULL OR gross_g >= 0);
ALTER TABLE cw_manifests ADD COLUMN tare_g INTEGER CHECK (tare_g IS NULL OR tare_g >= 0);
ALTER TABLE cw_manifests ADD COLUMN ticket_no TEXT;
ALTER TABLE cw_manifests ADD COLUMN followup_id BLOB REFERENCES cw_manifests (id);
CREATE INDEX cw_manifests_followup ON cw_manifests (followup_id) WHERE followup_id IS NOT NULL;

-- Every load past the draft gets the density its category has now (the setting, or the
-- default of version 2), frozen on the manifest.
UPDATE cw_manifests SET density_kg_m3 = CAST(round(1000 * coalesce(
        (SELECT CAST(s.value AS REAL) FROM settings s WHERE s.key = 'density.' || cw_manifests.category),
        CASE category WHEN 'soil' THEN 1.8 WHEN 'slurry' THEN 1.3 WHEN 'engineering' THEN 1.5
                      WHEN 'demolition' THEN 1.6 ELSE 1.0 END)) AS INTEGER)
WHERE status <> 'draft';

-- The weighbridge weighs tonnes: receptions of loads declared in m³ become grams through
-- that density (cm³ × kg/m³ ÷ 1000 = g).
UPDATE cw_manifests
SET received_qty = CAST(round(received_qty * density_kg_m3 / 1000.0) AS INTEGER),
    refused_qty = CAST(round(refused_qty * density_kg_m3 / 1000.0) AS INTEGER)
WHERE unit = 'm3' AND density_kg_m3 IS NOT NULL AND received_qty IS NOT NULL;

-- The disposal method follows from the receiving facility's kind; the approval and permit
-- numbers are the registers' current ones (the best record of what held at dispatch).
UPDATE cw_manifests SET
    disposal_method = (SELECT CASE f.kind WHEN 'recycling' THEN 'recycling' ELSE 'landfill' END
                       FROM cw_facilities f WHERE f.id = cw_manifests.facility_id),
    site_approval_no = (SELECT approval_no FROM cw_sites WHERE id = cw_manifests.site_id),
    transporter_permit_no = (SELECT permit_no FROM cw_transporters WHERE id = cw_manifests.transporter_id),
    vehicle_permit_no = (SELECT permit_no FROM cw_vehicles WHERE id = cw_manifests.vehicle_id),
    facility_approval_no = (SELECT approval_no FROM cw_facilities WHERE id = cw_manifests.facility_id)
WHERE status <> 'draft';
-- An import names a load by its paper manifest number when it has one.
CREATE INDEX cw_manifests_paper ON cw_manifests (paper_no) WHERE paper_no IS NOT NULL;
