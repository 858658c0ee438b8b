//! Drawing helpers of the reduction and resource-use report's PDF: text measured with the
//! shipped font's advances, numbers formatted as every output of the report shows them, and
//! ruled tables whose header repeats on each new page and whose number columns are
//! right-aligned.

use crate::report::pdf::{font, rgb, Doc, MARGIN, PAGE_W};

/// The usable width of a page, points.
pub const TEXT_W: f32 = PAGE_W - 2.0 * MARGIN;

/// The width of `s` at `size` points, from the font's horizontal advances (a character the
/// font lacks counts one em).
pub fn measure(s: &str, size: f32) -> f32 {
    let Ok(f) = font() else {
        return crate::report::pdf::width(s, size);
    };
    let em = f.font_metrics.units_per_em.max(1) as f32;
    s.chars()
        .map(|c| match f.lookup_glyph_index(c as u32) {
            Some(g) if g != 0 => f.get_horizontal_advance(g) as f32 / em,
            _ => 1.0,
        })
        .sum::<f32>()
        * size
}

/// Splits `s` into lines no wider than `w` at `size`, breaking Latin text between words
/// where it can and CJK text anywhere.
pub fn wrap(s: &str, w: f32, size: f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        for c in para.chars() {
            let cw = measure(c.encode_utf8(&mut [0; 4]), size);
            if line_w + cw > w && !line.is_empty() {
                let cut = line
                    .char_indices()
                    .rev()
                    .find(|(_, ch)| *ch == ' ')
                    .map(|(i, _)| i)
                    .filter(|i| *i > line.len() / 3 && c != ' ');
                let rest = match cut {
                    Some(i) => {
                        let rest = line[i + 1..].to_string();
                        line.truncate(i);
                        rest
                    }
                    None => String::new(),
                };
                out.push(std::mem::take(&mut line));
                line = rest;
                line_w = measure(&line, size);
                if c == ' ' && line.is_empty() {
                    continue;
                }
            }
            line.push(c);
            line_w += cw;
        }
        out.push(line);
    }
    out
}

/// A number with `decimals` decimals and thousands grouped: `1234567.891`, 2 →
/// `1,234,567.89`. The window's Reports page formats the same way.
pub fn format_number(v: f64, decimals: u8) -> String {
    let s = format!("{:.*}", decimals as usize, v.abs());
    let rounded_zero = s.chars().all(|c| c == '0' || c == '.');
    let sign = if v < 0.0 && !rounded_zero { "-" } else { "" };
    format!("{sign}{}", crate::units::group_thousands(&s))
}

/// How a column's text sits in its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table to draw: widths in points, header, alignment per column and rows of text.
pub struct Grid<'a> {
    pub widths: Vec<f32>,
    pub header: Vec<String>,
    pub align: Vec<Align>,
    pub rows: &'a [Vec<String>],
    pub size: f32,
}

const PAD: f32 = 3.0;
const LEADING: f32 = 1.3;

impl Grid<'_> {
    fn lines(&self, cells: &[String]) -> Vec<Vec<String>> {
        cells
            .iter()
            .zip(&self.widths)
            .map(|(c, w)| wrap(c, w - 2.0 * PAD, self.size))
            .collect()
    }

    fn height(&self, lines: &[Vec<String>]) -> f32 {
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        n as f32 * self.size * LEADING + 2.0 * PAD
    }

    fn draw_row(&self, d: &mut Doc, lines: &[Vec<String>], h: f32, head: bool) {
        let total: f32 = self.widths.iter().sum();
        let top = d.y;
        if head {
            d.rect(MARGIN, top - h, total, h, rgb(232, 238, 232));
            d.line(MARGIN, top, MARGIN + total, top, 0.8);
        }
        let mut x = MARGIN;
        for (i, (col, w)) in lines.iter().zip(&self.widths).enumerate() {
            let right = !head && self.align.get(i) == Some(&Align::Right);
            for (k, l) in col.iter().enumerate() {
                let y = top - PAD - self.size * (0.85 + LEADING * k as f32);
                let tx = if right {
                    x + w - PAD - measure(l, self.size)
                } else {
                    x + PAD
                };
                d.text_at(tx, y, self.size, l);
            }
            x += w;
        }
        d.line(
            MARGIN,
            top - h,
            MARGIN + total,
            top - h,
            if head { 0.6 } else { 0.3 },
        );
        d.y = top - h;
    }

    /// Draws the table from the cursor; a row that does not fit starts a new page, which
    /// begins with the header again.
    pub fn draw(&self, d: &mut Doc) {
        let head = self.lines(&self.header);
        let head_h = self.height(&head);
        let first = self.rows.first().map(|r| self.lines(r));
        let first_h = first.as_ref().map_or(0.0, |l| self.height(l));
        d.need(head_h + first_h + 4.0);
        self.draw_row(d, &head, head_h, true);
        for r in self.rows {
            let lines = self.lines(r);
            let h = self.height(&lines);
            if d.y - h < crate::report::pdf::BOTTOM {
                d.page();
                self.draw_row(d, &head, head_h, true);
            }
            self.draw_row(d, &lines, h, false);
        }
        d.y -= 6.0;
    }
}

/// Widths for `n` columns filling the text width, each in proportion to `weights`.
pub fn spread(weights: &[f32]) -> Vec<f32> {
    let sum: f32 = weights.iter().sum::<f32>().max(f32::EPSILON);
    weights.iter().map(|w| TEXT_W * w / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands_with_their_decimals() {
        assert_eq!(format_number(1234567.891, 2), "1,234,567.89");
        assert_eq!(format_number(-1234567.0, 0), "-1,234,567");
        assert_eq!(format_number(95.0, 1), "95.0");
        assert_eq!(format_number(-0.001, 1), "0.0");
    }

    #[test]
    fn wrapped_lines_fit_their_width() {
        let s = "Household waste recycling rate over the period ".repeat(6) + &"镕赟".repeat(40);
        let lines = wrap(&s, 150.0, 9.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| measure(l, 9.0) <= 150.0 + 0.01));
        assert_eq!(lines.concat().replace(' ', ""), s.replace(' ', ""));
    }

    #[test]
    fn latin_digits_are_narrower_than_cjk_characters() {
        assert!(measure("0", 10.0) < measure("镕", 10.0));
        assert!(measure("0", 10.0) > 2.0);
    }
}
