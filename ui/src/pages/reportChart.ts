// A report's chart as SVG, from the document's chart data: side-by-side bars, stacked bars or
// lines, a value axis with ticks, the labels along the base and a legend. A value not computed
// leaves a gap (no bar; the line breaks). The PDF draws the same charts (src/report/summary/pdf_chart.rs).
import type { Chart } from "../bindings/Chart";
import { getLang } from "../i18n";

const NS = "http://www.w3.org/2000/svg";
export const PALETTE = ["#2e7d32", "#1976d2", "#ff9800", "#d32f2f", "#7b1fa2", "#009688", "#607d8b", "#795548"];

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A step of 1, 2 or 5 × 10ⁿ giving about `n` intervals over `span`. */
export function niceStep(span: number, n: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, n);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/** The value axis: lowest and highest (stacked: sums per label), zero included, whole steps. */
export function axis(c: Chart): { lo: number; hi: number; step: number } {
  const n = Math.max(c.labels_zh.length, c.labels_en.length);
  let lo = 0;
  let hi = 0;
  if (c.kind === "stacked_bar") {
    for (let i = 0; i < n; i++) {
      let pos = 0;
      let neg = 0;
      for (const s of c.series) {
        const v = s.values[i];
        if (v === null || v === undefined) continue;
        if (v >= 0) pos += v;
        else neg += v;
      }
      hi = Math.max(hi, pos);
      lo = Math.min(lo, neg);
    }
  } else {
    for (const s of c.series)
      for (const v of s.values) {
        if (v === null || v === undefined) continue;
        hi = Math.max(hi, v);
        lo = Math.min(lo, v);
      }
  }
  if (hi - lo <= 0) hi = 1;
  const step = niceStep(hi - lo, 5);
  return { lo: Math.floor(lo / step) * step, hi: Math.ceil(hi / step) * step, step };
}

/** Draws `c`; `fmt(v, decimals)` formats the ticks as the report's numbers are. */
export function reportChart(c: Chart, fmt: (v: number, decimals: number) => string): SVGElement {
  const en = getLang() === "en";
  const labels = en ? c.labels_en : c.labels_zh;
  const names = c.series.map((s) => (en ? s.name_en : s.name_zh));
  const { lo, hi, step } = axis(c);
  const dec = step >= 1 ? 0 : Math.min(6, Math.max(0, -Math.floor(Math.log10(step))));
  const ticks: number[] = [];
  for (let k = 0; k <= Math.round((hi - lo) / step); k++) ticks.push(lo + step * k);
  const n = Math.max(1, labels.length);
  const left = 12 + Math.max(...ticks.map((t) => fmt(t, dec).length)) * 6.2;
  const w = Math.max(420, Math.min(900, left + n * 56 + 10));
  const plotH = 170;
  const top = 8;
  const base = top + plotH;
  const legendRows = Math.ceil(names.length / 4);
  const hgt = base + 26 + legendRows * 18;
  const right = w - 8;
  const y = (v: number) => base - ((v - lo) / (hi - lo)) * plotH;
  const svg = el("svg", {
    width: w,
    height: hgt,
    viewBox: `0 0 ${w} ${hgt}`,
    role: "img",
    class: "report-chart",
    "data-key": c.key,
    "data-kind": c.kind,
  });
  for (const t of ticks) {
    svg.appendChild(el("line", { x1: left, x2: right, y1: y(t), y2: y(t), stroke: "#e3e8e5" }));
    svg.appendChild(
      el("text", { x: left - 5, y: y(t) + 4, "font-size": 10, "text-anchor": "end", fill: "#5f6b66" }, fmt(t, dec)),
    );
  }
  svg.appendChild(el("line", { x1: left, x2: left, y1: top, y2: base, stroke: "#3c3c3c" }));
  svg.appendChild(el("line", { x1: left, x2: right, y1: y(0), y2: y(0), stroke: "#3c3c3c" }));
  const slot = (right - left) / n;
  const unit = c.unit ? ` ${c.unit}` : "";
  const tip = (si: number, i: number, v: number) => `${names[si]} · ${labels[i] ?? ""}: ${fmt(v, 2)}${unit}`;
  const ns = Math.max(1, c.series.length);
  if (c.kind === "bar") {
    const group = slot * 0.75;
    const bar = group / ns;
    c.series.forEach((s, si) =>
      s.values.slice(0, n).forEach((v, i) => {
        if (v === null || v === undefined) return;
        const x = left + slot * i + (slot - group) / 2 + bar * si;
        const r = el("rect", {
          x,
          y: Math.min(y(0), y(v)),
          width: bar * 0.92,
          height: Math.max(0.5, Math.abs(y(v) - y(0))),
          fill: PALETTE[si % PALETTE.length],
        });
        r.appendChild(el("title", {}, tip(si, i, v)));
        svg.appendChild(r);
      }),
    );
  } else if (c.kind === "stacked_bar") {
    const bar = Math.min(40, slot * 0.6);
    for (let i = 0; i < n; i++) {
      let pos = 0;
      let neg = 0;
      c.series.forEach((s, si) => {
        const v = s.values[i];
        if (v === null || v === undefined) return;
        const from = v >= 0 ? pos : neg;
        const to = from + v;
        if (v >= 0) pos = to;
        else neg = to;
        const r = el("rect", {
          x: left + slot * i + (slot - bar) / 2,
          y: Math.min(y(from), y(to)),
          width: bar,
          height: Math.abs(y(to) - y(from)),
          fill: PALETTE[si % PALETTE.length],
        });
        r.appendChild(el("title", {}, tip(si, i, v)));
        svg.appendChild(r);
      });
    }
  } else {
    c.series.forEach((s, si) => {
      const colour = PALETTE[si % PALETTE.length];
      let run: string[] = [];
      const flush = () => {
        if (run.length > 1)
          svg.appendChild(el("polyline", { points: run.join(" "), fill: "none", stroke: colour, "stroke-width": 2 }));
        run = [];
      };
      s.values.slice(0, n).forEach((v, i) => {
        if (v === null || v === undefined) return flush();
        const cx = left + slot * (i + 0.5);
        run.push(`${cx},${y(v)}`);
        const dot = el("circle", { cx, cy: y(v), r: 3, fill: colour });
        dot.appendChild(el("title", {}, tip(si, i, v)));
        svg.appendChild(dot);
      });
      flush();
    });
  }
  const every = Math.max(1, Math.ceil((Math.max(...labels.map((l) => l.length * 7), 0) + 4) / slot));
  labels.forEach((l, i) => {
    if (i % every) return;
    const cx = left + slot * (i + 0.5);
    svg.appendChild(el("text", { x: cx, y: base + 14, "font-size": 10, "text-anchor": "middle", fill: "#5f6b66" }, l));
  });
  names.forEach((name, si) => {
    const lx = left + (si % 4) * ((right - left) / 4);
    const ly = base + 28 + Math.floor(si / 4) * 18;
    svg.appendChild(el("rect", { x: lx, y: ly - 9, width: 10, height: 10, fill: PALETTE[si % PALETTE.length] }));
    svg.appendChild(el("text", { x: lx + 14, y: ly, "font-size": 11, fill: "#1d2421" }, name));
  });
  return svg;
}
