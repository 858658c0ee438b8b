//! The city's annual report's figures in hand-written SQL, the yardstick of
//! `zwl bench --summary`: each query a plain aggregate over the same rows the report reads,
//! for the report's year and, where the report compares, its baseline year.

use rusqlite::Connection;

use crate::error::Result;

/// Runs every query for `year` (and `year - 1` as the baseline) and returns the rows read.
pub fn hand_sql(conn: &Connection, year: i32) -> Result<usize> {
    let mut n = 0usize;
    let mut count = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<()> {
        let mut st = conn.prepare(sql)?;
        let mut rows = st.query(p)?;
        while let Some(r) = rows.next()? {
            std::hint::black_box(r.get_ref(0)?);
            n += 1;
        }
        Ok(())
    };
    for y in [year, year - 1] {
        // Households and streams: monthly sums per stream, the household totals and recovery.
        let (from, to) = (format!("{y}-01"), format!("{y}-12"));
        count(
            "SELECT r.month, w.stream, sum(r.generated_g), sum(r.recycled_g),
                sum(r.composted_g), sum(r.incinerated_g), sum(r.landfilled_g)
             FROM cell_records r JOIN cells c ON c.id = r.cell_id AND c.deleted = 0
             JOIN waste_categories w ON w.key = r.category
             WHERE r.month BETWEEN ?1 AND ?2 AND r.deleted = 0 GROUP BY r.month, w.stream",
            &[&from, &to],
        )?;
        count(
            "SELECT sum(r.generated_g), sum(CASE WHEN w.counts_as_recovery THEN r.recycled_g + r.composted_g ELSE 0 END)
             FROM cell_records r JOIN cells c ON c.id = r.cell_id AND c.deleted = 0
             JOIN waste_categories w ON w.key = r.category
             JOIN waste_streams s ON s.key = w.stream AND s.household = 1
             WHERE r.month BETWEEN ?1 AND ?2 AND r.deleted = 0",
            &[&from, &to],
        )?;
        // Construction waste: intake by district, site and facility (net of what was
        // refused), the sites' declarations and the facilities' outputs by kind of use.
        let (_, starts) = crate::construction::resource_use::months(&from, &to);
        let (lo, hi) = (
            starts.first().cloned().unwrap_or_default(),
            starts.last().cloned().unwrap_or_default(),
        );
        count(
            "SELECT s.district, m.site_id, m.facility_id,
                sum(coalesce(m.received_qty, 0) - coalesce(m.refused_qty, 0))
             FROM cw_manifests m JOIN cw_sites s ON s.id = m.site_id
             WHERE m.deleted = 0 AND m.status IN ('received', 'closed')
               AND m.received_at >= ?1 AND m.received_at < ?2
             GROUP BY s.district, m.site_id, m.facility_id",
            &[&lo, &hi],
        )?;
        count(
            "SELECT site_id, month, sum(generated_g), sum(reused_g), sum(balanced_g)
             FROM cw_site_declarations WHERE month BETWEEN ?1 AND ?2 AND deleted = 0
             GROUP BY site_id, month",
            &[&from, &to],
        )?;
        count(
            "SELECT facility_id, product, sum(input_g) FROM cw_facility_outputs
             WHERE month BETWEEN ?1 AND ?2 AND deleted = 0 GROUP BY facility_id, product",
            &[&from, &to],
        )?;
        // Agriculture: recoveries per point and stream, the points active in the period, film
        // used and pesticide sold by township, straw and manure of the year.
        let (fd, td) = (format!("{y}-01-01"), format!("{y}-12-31"));
        count(
            "SELECT point_id, stream, sum(weight_g), sum(count) FROM agri_entries
             WHERE date BETWEEN ?1 AND ?2 AND deleted = 0 GROUP BY point_id, stream",
            &[&fd, &td],
        )?;
        count(
            "SELECT district, township_id, count(*) FROM agri_points WHERE deleted = 0
               AND active_from <= ?2 AND (active_to IS NULL OR active_to >= ?1)
             GROUP BY district, township_id",
            &[&fd, &td],
        )?;
        for table in ["agri_film_use", "agri_pesticide_sales"] {
            count(
                &format!(
                    "SELECT district, township_id, sum(weight_g) FROM {table}
                     WHERE date BETWEEN ?1 AND ?2 AND deleted = 0 GROUP BY district, township_id"
                ),
                &[&fd, &td],
            )?;
        }
        count(
            "SELECT district, crop, sum(output_g), sum(fertiliser_g + feed_g + fuel_g + substrate_g + material_g)
             FROM agri_straw WHERE deleted = 0 AND year = ?1 GROUP BY district, crop",
            &[&y],
        )?;
        count(
            "SELECT district, livestock, sum(heads), sum(fertiliser_g + biogas_g + other_g)
             FROM agri_manure WHERE deleted = 0 AND year = ?1 GROUP BY district, livestock",
            &[&y],
        )?;
    }
    // Load supervision of the year by month (local time): dispatched, received, closed,
    // overdue (past the limit), off the declared quantity (beyond the tolerance), overloaded.
    let (_, starts) =
        crate::construction::resource_use::months(&format!("{year}-01"), &format!("{year}-12"));
    let (lo, hi) = (
        starts.first().cloned().unwrap_or_default(),
        starts.last().cloned().unwrap_or_default(),
    );
    count(
        "SELECT strftime('%Y-%m', departure_at, 'localtime'), count(*),
            sum(status IN ('received', 'closed')), sum(status = 'closed'),
            sum(CASE WHEN received_at IS NOT NULL
                     THEN (julianday(received_at) - julianday(departure_at)) * 24 > 6
                     ELSE status = 'dispatched' AND (julianday('now') - julianday(departure_at)) * 24 > 6 END),
            sum(status IN ('received', 'closed') AND received_qty IS NOT NULL
                AND abs(received_qty - CASE WHEN unit = 'm3' THEN declared_qty * coalesce(density_kg_m3, 1500) / 1000
                                            ELSE declared_qty END) * 100
                    > 10 * CASE WHEN unit = 'm3' THEN declared_qty * coalesce(density_kg_m3, 1500) / 1000
                                ELSE declared_qty END),
            sum(overload_reason IS NOT NULL)
         FROM cw_manifests WHERE deleted = 0 AND status IN ('dispatched', 'received', 'closed')
           AND departure_at >= ?1 AND departure_at < ?2
         GROUP BY 1",
        &[&lo, &hi],
    )?;
    // Cells by district, kind and status; villages by district.
    count(
        "SELECT c.district, c.kind, c.status, count(*) FROM cells c WHERE c.deleted = 0
         GROUP BY c.district, c.kind, c.status",
        &[],
    )?;
    count(
        "SELECT district, count(*) FROM agri_places WHERE deleted = 0 AND parent_id IS NOT NULL
         GROUP BY district",
        &[],
    )?;
    Ok(n)
}
