//! The report's charts drawn as vector graphics: side-by-side bars, stacked bars and lines,
//! with a value axis and its ticks, the labels along the base and a legend. A value that is not
//! computed leaves a gap (no bar; the line breaks).

use printpdf::Color;

use super::model::{Chart, ChartKind, Lang};
use super::pdf_grid::{format_number, measure, TEXT_W};
use crate::report::pdf::{rgb, Doc, MARGIN};

const PALETTE: [(u8, u8, u8); 8] = [
    (46, 125, 50),
    (25, 118, 210),
    (255, 152, 0),
    (211, 47, 47),
    (123, 31, 162),
    (0, 150, 136),
    (96, 125, 139),
    (121, 85, 72),
];

/// The colour of series `i`.
pub fn colour(i: usize) -> Color {
    let (r, g, b) = PALETTE[i % PALETTE.len()];
    rgb(r, g, b)
}

const PLOT_H: f32 = 150.0;
const TICK: f32 = 7.0;
const LABEL: f32 = 7.0;
const LEGEND: f32 = 8.0;

/// A step of 1, 2 or 5 × 10ⁿ giving about `n` intervals over `span`.
pub fn nice_step(span: f64, n: usize) -> f64 {
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// The axis range of a chart: from the lowest to the highest value drawn (stacked bars: the
/// sums per label), always including zero, widened to whole steps.
pub fn axis(c: &Chart) -> (f64, f64, f64) {
    let n = c.labels_zh.len().max(c.labels_en.len());
    let mut lo = 0f64;
    let mut hi = 0f64;
    match c.kind {
        ChartKind::StackedBar => {
            for i in 0..n {
                let (mut pos, mut neg) = (0.0, 0.0);
                for s in &c.series {
                    match s.values.get(i).copied().flatten() {
                        Some(v) if v >= 0.0 => pos += v,
                        Some(v) => neg += v,
                        None => {}
                    }
                }
                hi = hi.max(pos);
                lo = lo.min(neg);
            }
        }
        _ => {
            for v in c.series.iter().flat_map(|s| s.values.iter().flatten()) {
                hi = hi.max(*v);
                lo = lo.min(*v);
            }
        }
    }
    if hi - lo <= 0.0 {
        hi = 1.0;
    }
    let step = nice_step(hi - lo, 5);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// Decimals enough to tell the ticks of `step` apart.
fn tick_decimals(step: f64) -> u8 {
    if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()).clamp(0.0, 6.0) as u8
    }
}

/// Draws `c` from the cursor: title, plot, labels, legend.
pub fn draw(d: &mut Doc, c: &Chart, lang: Lang) {
    let labels = match lang {
        Lang::Zh => &c.labels_zh,
        Lang::En => &c.labels_en,
    };
    let names: Vec<&str> = c
        .series
        .iter()
        .map(|s| lang.pick(&s.name_zh, &s.name_en))
        .collect();
    // The legend's rows, laid out before drawing so the whole chart fits on one page.
    let mut rows: Vec<Vec<(usize, f32)>> = vec![Vec::new()];
    let mut x = 0.0;
    for (i, n) in names.iter().enumerate() {
        let w = 14.0 + measure(n, LEGEND) + 12.0;
        if x + w > TEXT_W && x > 0.0 {
            rows.push(Vec::new());
            x = 0.0;
        }
        rows.last_mut().expect("a row").push((i, x));
        x += w;
    }
    let legend_h = rows.len() as f32 * (LEGEND + 5.0);
    d.need(24.0 + PLOT_H + 22.0 + legend_h + 8.0);

    let title = lang.pick(&c.title_zh, &c.title_en);
    let unit = if c.unit.is_empty() {
        String::new()
    } else {
        match lang {
            Lang::Zh => format!("（{}）", c.unit),
            Lang::En => format!(" ({})", c.unit),
        }
    };
    d.y -= 12.0;
    let y = d.y;
    d.text_at(MARGIN, y, 9.5, &format!("{title}{unit}"));
    d.y -= 10.0;

    let (lo, hi, step) = axis(c);
    let dec = tick_decimals(step);
    let ticks: Vec<f64> = (0..=((hi - lo) / step).round() as usize)
        .map(|k| lo + step * k as f64)
        .collect();
    let tick_w = ticks
        .iter()
        .map(|t| measure(&format_number(*t, dec), TICK))
        .fold(0.0, f32::max);
    let left = MARGIN + tick_w + 6.0;
    let right = MARGIN + TEXT_W;
    let top = d.y;
    let base = top - PLOT_H;
    let yof = |v: f64| base + ((v - lo) / (hi - lo)) as f32 * PLOT_H;

    for t in &ticks {
        let y = yof(*t);
        let s = format_number(*t, dec);
        d.text_at(left - 4.0 - measure(&s, TICK), y - TICK * 0.35, TICK, &s);
        d.stroke(&[(left, y), (right, y)], 0.25, rgb(210, 210, 210), &[]);
        d.stroke(&[(left - 3.0, y), (left, y)], 0.5, rgb(60, 60, 60), &[]);
    }
    d.stroke(&[(left, base), (left, top)], 0.6, rgb(60, 60, 60), &[]);
    let zero = yof(0.0);
    d.stroke(&[(left, zero), (right, zero)], 0.6, rgb(60, 60, 60), &[]);

    let n = labels.len().max(1);
    let slot = (right - left) / n as f32;
    let ns = c.series.len().max(1);
    match c.kind {
        ChartKind::Bar => {
            let group = slot * 0.75;
            let bar = group / ns as f32;
            for (si, s) in c.series.iter().enumerate() {
                for (i, v) in s.values.iter().enumerate().take(n) {
                    let Some(v) = v else { continue };
                    let x = left + slot * i as f32 + (slot - group) / 2.0 + bar * si as f32;
                    let (y0, y1) = (zero.min(yof(*v)), zero.max(yof(*v)));
                    d.rect(x, y0, bar * 0.92, (y1 - y0).max(0.3), colour(si));
                }
            }
        }
        ChartKind::StackedBar => {
            let bar = (slot * 0.6).min(40.0);
            for i in 0..n {
                let x = left + slot * i as f32 + (slot - bar) / 2.0;
                let (mut pos, mut neg) = (0.0, 0.0);
                for (si, s) in c.series.iter().enumerate() {
                    let Some(v) = s.values.get(i).copied().flatten() else {
                        continue;
                    };
                    let from = if v >= 0.0 { pos } else { neg };
                    let to = from + v;
                    if v >= 0.0 {
                        pos = to;
                    } else {
                        neg = to;
                    }
                    let (y0, y1) = (yof(from).min(yof(to)), yof(from).max(yof(to)));
                    if y1 - y0 > 0.0 {
                        d.rect(x, y0, bar, y1 - y0, colour(si));
                    }
                }
            }
        }
        ChartKind::Line => {
            for (si, s) in c.series.iter().enumerate() {
                let mut run: Vec<(f32, f32)> = Vec::new();
                let mut runs = Vec::new();
                for (i, v) in s.values.iter().enumerate().take(n) {
                    match v {
                        Some(v) => run.push((left + slot * (i as f32 + 0.5), yof(*v))),
                        None => runs.push(std::mem::take(&mut run)),
                    }
                }
                runs.push(run);
                for r in runs {
                    d.stroke(&r, 1.4, colour(si), &[]);
                    for (x, y) in r {
                        d.rect(x - 1.8, y - 1.8, 3.6, 3.6, colour(si));
                    }
                }
            }
        }
    }

    // Labels along the base: every k-th one when they would overlap.
    let widest = labels.iter().map(|l| measure(l, LABEL)).fold(0.0, f32::max);
    let every = ((widest + 4.0) / slot).ceil().max(1.0) as usize;
    for (i, l) in labels.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let cx = left + slot * (i as f32 + 0.5);
        d.stroke(&[(cx, base), (cx, base - 2.5)], 0.5, rgb(60, 60, 60), &[]);
        d.text_at(cx - measure(l, LABEL) / 2.0, base - 11.0, LABEL, l);
    }
    d.y = base - 22.0;
    for row in rows {
        d.y -= LEGEND;
        let y = d.y;
        for (i, x) in row {
            d.rect(MARGIN + x, y - 0.5, 9.0, 7.0, colour(i));
            d.text_at(MARGIN + x + 12.0, y, LEGEND, names[i]);
        }
        d.y -= 5.0;
    }
    d.y -= 6.0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::summary::model::Series;

    fn chart(kind: ChartKind, series: Vec<Vec<Option<f64>>>) -> Chart {
        Chart {
            key: "k".into(),
            title_zh: "图".into(),
            title_en: "Chart".into(),
            kind,
            unit: "t".into(),
            labels_zh: vec!["1月".into(), "2月".into(), "3月".into()],
            labels_en: vec!["Jan".into(), "Feb".into(), "Mar".into()],
            series: series
                .into_iter()
                .map(|values| Series {
                    name_zh: "甲".into(),
                    name_en: "A".into(),
                    values,
                })
                .collect(),
        }
    }

    #[test]
    fn ticks_step_by_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice_step(100.0, 5), 20.0);
        assert_eq!(nice_step(7.0, 5), 2.0);
        assert_eq!(nice_step(0.3, 5), 0.1);
        assert_eq!(nice_step(4500.0, 5), 1000.0);
    }

    #[test]
    fn the_axis_of_stacked_bars_reaches_the_highest_sum_and_includes_zero() {
        let c = chart(
            ChartKind::StackedBar,
            vec![
                vec![Some(30.0), Some(50.0), None],
                vec![Some(40.0), Some(45.0), Some(1.0)],
            ],
        );
        let (lo, hi, step) = axis(&c);
        assert_eq!(lo, 0.0);
        assert!(hi >= 95.0 && hi < 95.0 + step + 1e-9);
    }

    #[test]
    fn the_axis_of_side_by_side_bars_reaches_below_zero_for_a_fall() {
        let c = chart(ChartKind::Bar, vec![vec![Some(-12.0), Some(8.0), None]]);
        let (lo, hi, _) = axis(&c);
        assert!(lo <= -12.0 && hi >= 8.0);
    }
}
