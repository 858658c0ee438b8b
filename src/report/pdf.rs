//! Drawing an A4 report with printpdf: text in the shipped CJK font (parsed once per process,
//! embedded as a subset of the glyphs used), tables ruled with lines, charts drawn with
//! rectangles, and a footer on every page.

use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};

use crate::error::{Error, Result};

/// The shipped font (WenQuanYi Micro Hei, Apache-2.0: assets/fonts/).
static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttf");

/// The font, parsed on first use.
pub fn font() -> Result<&'static ParsedFont> {
    static F: OnceLock<Option<ParsedFont>> = OnceLock::new();
    F.get_or_init(|| ParsedFont::from_bytes(FONT_BYTES, 0, &mut Vec::new()))
        .as_ref()
        .ok_or_else(|| Error::Io(std::io::Error::other("the shipped CJK font cannot be read")))
}

/// Whether the shipped font has a glyph for every character of `s`.
pub fn covers(s: &str) -> Result<bool> {
    let f = font()?;
    Ok(s.chars()
        .filter(|c| !c.is_whitespace())
        .all(|c| f.lookup_glyph_index(c as u32).is_some_and(|g| g != 0)))
}

/// Page width and height (A4), points.
pub const PAGE_W: f32 = 595.28;
/// A4 height, points.
pub const PAGE_H: f32 = 841.89;
/// Left and right margin, points.
pub const MARGIN: f32 = 50.0;
const TOP: f32 = PAGE_H - 56.0;
/// The lowest a line of the body may sit, points from the bottom (the footer is below).
pub const BOTTOM: f32 = 60.0;

/// An RGB colour from 0–255 components.
pub fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color::Rgb(Rgb {
        r: r as f32 / 255.0,
        g: g as f32 / 255.0,
        b: b as f32 / 255.0,
        icc_profile: None,
    })
}

/// The approximate width of `s` at `size` points: CJK characters are one em, others about
/// half (enough to wrap and centre; the font is proportional in Latin).
pub fn width(s: &str, size: f32) -> f32 {
    s.chars()
        .map(|c| if (c as u32) < 0x2E80 { 0.55 } else { 1.0 })
        .sum::<f32>()
        * size
}

/// Splits `s` into lines no wider than `w` at `size`.
pub fn wrap(s: &str, w: f32, size: f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        for c in para.chars() {
            line.push(c);
            if width(&line, size) > w {
                // Break before a Latin word rather than inside it, when there is room.
                let cut = line
                    .char_indices()
                    .rev()
                    .find(|(_, ch)| *ch == ' ')
                    .map(|(i, _)| i)
                    .filter(|i| *i > line.len() / 2);
                let rest = match cut {
                    Some(i) => {
                        let rest = line[i + 1..].to_string();
                        line.truncate(i);
                        rest
                    }
                    None => line.pop().map(String::from).unwrap_or_default(),
                };
                out.push(std::mem::take(&mut line));
                line = rest;
            }
        }
        out.push(line);
    }
    out
}

/// A document being drawn: pages of operations and a cursor from the top.
pub struct Doc {
    doc: PdfDocument,
    font: FontId,
    pages: Vec<Vec<Op>>,
    /// The cursor's height on the current page, points from the bottom.
    pub y: f32,
}

impl Doc {
    /// A new document with one empty page.
    pub fn new(title: &str) -> Result<Doc> {
        let mut doc = PdfDocument::new(title);
        let font = doc.add_font(font()?);
        Ok(Doc {
            doc,
            font,
            pages: vec![Vec::new()],
            y: TOP,
        })
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page")
    }

    /// Starts a new page.
    pub fn page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page when less than `h` points are left.
    pub fn need(&mut self, h: f32) {
        if self.y - h < BOTTOM {
            self.page();
        }
    }

    /// Text at (`x`, `y`).
    pub fn text_at(&mut self, x: f32, y: f32, size: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        let font = self.font.clone();
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point { x: Pt(x), y: Pt(y) },
            },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    /// A paragraph wrapped to the text width from `x`, advancing the cursor.
    pub fn para(&mut self, x: f32, size: f32, s: &str) {
        for line in wrap(s, PAGE_W - MARGIN - x, size) {
            self.need(size * 1.5);
            self.y -= size * 1.45;
            let y = self.y;
            self.text_at(x, y, size, &line);
        }
    }

    /// A line from (x1, y1) to (x2, y2).
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thick: f32) {
        let p = |x: f32, y: f32| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        self.ops().extend([
            Op::SetOutlineThickness { pt: Pt(thick) },
            Op::SetOutlineColor {
                col: rgb(60, 60, 60),
            },
            Op::DrawLine {
                line: Line {
                    points: vec![p(x1, y1), p(x2, y2)],
                    is_closed: false,
                },
            },
        ]);
    }

    /// A filled rectangle, lower left at (x, y).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, col: Color) {
        self.ops().extend([
            Op::SetFillColor { col },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(y),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                },
            },
            Op::SetFillColor { col: rgb(0, 0, 0) },
        ]);
    }

    /// A polyline through `points` in colour `col`, `dash` on and off lengths (empty: solid).
    pub fn stroke(&mut self, points: &[(f32, f32)], thick: f32, col: Color, dash: &[f32]) {
        if points.len() < 2 {
            return;
        }
        let line = Line {
            points: points
                .iter()
                .map(|(x, y)| LinePoint {
                    p: Point {
                        x: Pt(*x),
                        y: Pt(*y),
                    },
                    bezier: false,
                })
                .collect(),
            is_closed: false,
        };
        self.ops().extend([
            Op::SetOutlineThickness { pt: Pt(thick) },
            Op::SetOutlineColor { col },
            Op::SetLineDashPattern {
                dash: printpdf::LineDashPattern::new(0.0, dash),
            },
            Op::DrawLine { line },
            Op::SetLineDashPattern {
                dash: printpdf::LineDashPattern::solid(),
            },
        ]);
    }

    /// The number of pages drawn so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// A table: column widths, header, rows; cells wrap; rules between rows.
    pub fn table(&mut self, widths: &[f32], header: &[&str], rows: &[Vec<String>], size: f32) {
        let x0 = MARGIN;
        let total: f32 = widths.iter().sum();
        let row_lines = |cells: &[String]| -> Vec<Vec<String>> {
            cells
                .iter()
                .zip(widths)
                .map(|(c, w)| wrap(c, w - 6.0, size))
                .collect()
        };
        let head: Vec<String> = header.iter().map(|s| s.to_string()).collect();
        let draw = |d: &mut Doc, cells: &[String], bold: bool| {
            let lines = row_lines(cells);
            let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = n as f32 * size * 1.35 + 6.0;
            if d.y - h < BOTTOM {
                d.page();
            }
            let top = d.y;
            if bold {
                d.rect(x0, top - h, total, h, rgb(232, 238, 232));
            }
            let mut x = x0;
            for (col, w) in lines.iter().zip(widths) {
                for (i, l) in col.iter().enumerate() {
                    d.text_at(x + 3.0, top - 3.0 - size * (1.0 + 1.35 * i as f32), size, l);
                }
                x += w;
            }
            d.line(x0, top - h, x0 + total, top - h, 0.4);
            d.y = top - h;
        };
        self.need(size * 4.0);
        let top = self.y;
        self.line(x0, top, x0 + total, top, 0.8);
        draw(self, &head, true);
        for r in rows {
            draw(self, r, false);
        }
        self.y -= 4.0;
    }

    /// Writes `footer(page, pages)` at the foot of every page and returns the PDF's bytes.
    pub fn finish(
        mut self,
        keywords: Vec<String>,
        footer: impl Fn(usize, usize) -> String,
    ) -> Vec<u8> {
        let n = self.pages.len();
        for i in 0..n {
            let f = footer(i + 1, n);
            let last = std::mem::take(&mut self.pages[i]);
            self.pages[i] = last;
            let y = BOTTOM - 28.0;
            let font = self.font.clone();
            self.pages[i].extend([
                Op::SetOutlineThickness { pt: Pt(0.4) },
                Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: Point {
                                    x: Pt(MARGIN),
                                    y: Pt(y + 12.0),
                                },
                                bezier: false,
                            },
                            LinePoint {
                                p: Point {
                                    x: Pt(PAGE_W - MARGIN),
                                    y: Pt(y + 12.0),
                                },
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                },
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(font),
                    size: Pt(8.0),
                },
                Op::SetTextCursor {
                    pos: Point {
                        x: Pt(MARGIN),
                        y: Pt(y),
                    },
                },
                Op::ShowText {
                    items: vec![TextItem::Text(f)],
                },
                Op::EndTextSection,
            ]);
        }
        let pages: Vec<PdfPage> = self
            .pages
            .into_iter()
            .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
            .collect();
        self.doc.metadata.info.keywords = keywords;
        self.doc.metadata.info.producer = "zwl".into();
        self.doc.metadata.info.creation_date = printpdf::OffsetDateTime::now_utc();
        self.doc.metadata.info.modification_date = printpdf::OffsetDateTime::now_utc();
        self.doc.metadata.info.creator = "zwl".into();
        self.doc
            .with_pages(pages)
            .save(&PdfSaveOptions::default(), &mut Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_font_covers_rare_name_characters_digits_and_latin() {
        assert!(covers("镕赟堃喆珺 0123456789 ABCxyz %（）〔〕·→≥÷×").unwrap());
    }

    #[test]
    fn long_text_wraps_within_the_width() {
        let lines = wrap(&"生活垃圾回收利用率".repeat(20), 200.0, 10.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 10.0) <= 200.0));
    }
}
