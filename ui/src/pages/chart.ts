// A small SVG bar chart with a target line: for rates a manager would rather see than read.
const NS = "http://www.w3.org/2000/svg";

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

export function barChart(bars: { label: string; value: number }[], target: number): SVGElement {
  const w = Math.max(360, bars.length * 44 + 40),
    hgt = 160,
    top = 10,
    bottom = 24,
    left = 34;
  const max = Math.max(100, ...bars.map((b) => b.value));
  const y = (v: number) => top + (hgt - top - bottom) * (1 - v / max);
  const svg = el("svg", { width: w, height: hgt, viewBox: `0 0 ${w} ${hgt}`, role: "img" });
  for (const g of [0, 50, 100]) {
    svg.appendChild(el("line", { x1: left, x2: w, y1: y(g), y2: y(g), stroke: "#e3e8e5" }));
    svg.appendChild(el("text", { x: 2, y: y(g) + 4, "font-size": 10, fill: "#5f6b66" }, `${g}%`));
  }
  bars.forEach((b, i) => {
    const x = left + 8 + i * 44;
    svg.appendChild(
      el("rect", {
        x,
        y: y(b.value),
        width: 28,
        height: Math.max(0, y(0) - y(b.value)),
        fill: b.value >= target ? "#2e7d4f" : "#9cc7ad",
      }),
    );
    svg.appendChild(
      el("text", { x: x + 14, y: hgt - 8, "font-size": 10, "text-anchor": "middle", fill: "#5f6b66" }, b.label),
    );
    svg.appendChild(
      el(
        "text",
        { x: x + 14, y: y(b.value) - 2, "font-size": 9, "text-anchor": "middle", fill: "#1d2421" },
        b.value.toFixed(0),
      ),
    );
  });
  svg.appendChild(
    el("line", { x1: left, x2: w, y1: y(target), y2: y(target), stroke: "#b3261e", "stroke-dasharray": "4 3" }),
  );
  return svg;
}
