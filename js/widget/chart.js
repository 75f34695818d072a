/*
 * econsec widget, part 9: the section chart, an inline SVG (role=img, <title>, and a <desc>
 * with every number; hatched bars, the weakest section cross-hatched, numeric labels).
 * It is drawn at the width it is shown at, one unit to one CSS pixel, so that its text keeps the
 * stylesheet's size on a phone (issue 18 §5); it is drawn again when that width changes.
 */

const CHART_MIN_WIDTH = 300; // below this the chart scrolls rather than shrinks its text
const CHART_VALUE_ROOM = 96; // right of the bars: the value, or 「回答なし」

Object.assign(Widget.prototype, {
  renderChart(r) {
    const fig = this.q('[data-result="chart"]');
    if (!fig) return;
    for (const old of fig.querySelectorAll("svg, [data-chart-placeholder]")) old.remove();
    const sections = r.sections || [];
    const t = this.t;
    const base = this.root.id || `econsec-${this.def.id}`;
    this.watchChartWidth(fig, r);
    const W = this.chartWidth;
    const lineH = 18;
    const barH = 20;
    const top = 6;
    const axisH = 24;
    const barW = W - CHART_VALUE_ROOM;
    // A label longer than the chart is wide takes more lines (English titles on a phone).
    const labels = sections.map((s) =>
      this.chartLines(fig, this.sectionTitle(s.id) + (this.weakestIds(r).includes(s.id) ? t.weakest_mark : ""), W),
    );
    const rowY = [];
    let H = top;
    for (const lines of labels) {
      rowY.push(H);
      H += lines.length * lineH + 4 + barH + 14;
    }
    const axisY = H;
    H += axisH;
    const root = svg("svg", {
      viewBox: `0 0 ${W} ${H}`,
      role: "img",
      class: "econsec-chart__svg",
      "aria-labelledby": `${base}-svg-title ${base}-svg-desc`,
      preserveAspectRatio: "xMinYMin meet",
    });
    root.appendChild(svg("title", { id: `${base}-svg-title` }, t.chart_title));
    root.appendChild(
      svg(
        "desc",
        { id: `${base}-svg-desc` },
        format(t.chart_desc, { parts: sections.map((s) => this.chartPart(s)).join(t.chart_part_sep) }),
      ),
    );
    const defs = svg("defs");
    const hatch = svg("pattern", {
      id: `${base}-hatch`,
      width: 8,
      height: 8,
      patternUnits: "userSpaceOnUse",
      patternTransform: "rotate(45)",
    });
    hatch.appendChild(svg("rect", { width: 8, height: 8, class: "econsec-chart__hatch-bg" }));
    hatch.appendChild(svg("line", { x1: 0, y1: 0, x2: 0, y2: 8, class: "econsec-chart__hatch-line" }));
    const cross = svg("pattern", { id: `${base}-cross`, width: 8, height: 8, patternUnits: "userSpaceOnUse" });
    cross.appendChild(svg("rect", { width: 8, height: 8, class: "econsec-chart__cross-bg" }));
    cross.appendChild(svg("path", { d: "M0 0L8 8M8 0L0 8", class: "econsec-chart__cross-line" }));
    defs.append(hatch, cross);
    root.appendChild(defs);

    for (const tick of [0, 25, 50, 75, 100]) {
      const x = (barW * tick) / 100 + 0.5;
      root.appendChild(svg("line", { x1: x, y1: top, x2: x, y2: axisY, class: "econsec-chart__grid" }));
      root.appendChild(
        svg(
          "text",
          { x, y: axisY + 16, class: "econsec-chart__tick", "text-anchor": tick === 0 ? "start" : tick === 100 ? "end" : "middle" },
          String(tick),
        ),
      );
    }
    sections.forEach((s, i) => {
      const y = rowY[i];
      const v = decimal(s.score);
      const weakest = this.weakestIds(r).includes(s.id);
      const g = svg("g", { class: `econsec-chart__row${weakest ? " is-weakest" : ""}`, "data-section": s.id });
      labels[i].forEach((line, n) => {
        g.appendChild(svg("text", { x: 0, y: y + 15 + n * lineH, class: "econsec-chart__label" }, line));
      });
      const by = y + labels[i].length * lineH + 4;
      g.appendChild(svg("rect", { x: 0, y: by, width: barW, height: barH, class: "econsec-chart__track" }));
      if (v != null) {
        const w = Math.max((barW * Number(v)) / 100, Number(v) > 0 ? 2 : 0);
        g.appendChild(
          svg("rect", {
            x: 0,
            y: by,
            width: w,
            height: barH,
            class: "econsec-chart__bar",
            fill: `url(#${weakest ? `${base}-cross` : `${base}-hatch`})`,
          }),
        );
      }
      g.appendChild(
        svg("text", { x: barW + 10, y: by + 15, class: "econsec-chart__value" }, v == null ? this.chartNone(s) : v),
      );
      root.appendChild(g);
    });
    fig.appendChild(root);
  },

  /** What a bar without a score says: nothing answered yet, or only 「該当しない」 (the engine's why). */
  chartNone(s) {
    return s.nothing_counted === "only_na" ? this.t.chart_only_na : this.t.no_answers;
  },

  /** ``text`` cut into lines no wider than ``width`` at the labels' font (words kept whole where
   * there are spaces; Japanese may break between any two characters). */
  chartLines(fig, text, width) {
    this.chartCanvas = this.chartCanvas || document.createElement("canvas");
    const ctx = this.chartCanvas.getContext("2d");
    if (!ctx) return [text];
    if (!this.chartFont) {
      const style = getComputedStyle(fig); // the size the stylesheet gives the chart's text
      this.chartFont = `${style.getPropertyValue("--econsec-chart-font-size").trim()} ${style.fontFamily}`;
    }
    ctx.font = this.chartFont;
    const parts = /\s/.test(text) ? text.split(/(?<=\s)/u) : Array.from(text);
    const lines = [];
    let line = "";
    for (const part of parts) {
      if (line && ctx.measureText(line + part).width > width) {
        lines.push(line.trimEnd());
        line = part.trimStart();
      } else {
        line += part;
      }
    }
    if (line) lines.push(line.trimEnd());
    return lines.length ? lines : [text];
  },

  /** Redraw the last result when the chart's width changes (a turned phone, a resized window).
   * The width and the font are read at the first draw and again only when the observer reports a
   * new size: read at every re-score, after the rest of the results had changed the page, they
   * made the browser lay out the whole page at once (about 8 ms of each re-score). */
  watchChartWidth(fig, r) {
    this.chartResult = r;
    const width = () => Math.max(CHART_MIN_WIDTH, Math.round(fig.clientWidth || 640));
    if (this.chartWidth === undefined || typeof ResizeObserver !== "function") this.chartWidth = width();
    if (this.chartObserver || typeof ResizeObserver !== "function") return;
    // Its callback runs after layout, so reading the size there costs nothing more.
    this.chartObserver = new ResizeObserver(() => {
      if (!fig.clientWidth || Math.abs(width() - this.chartWidth) <= 4) return;
      this.chartWidth = width();
      this.chartFont = null; // a narrower screen may give the text another size
      this.renderChart(this.chartResult);
    });
    this.chartObserver.observe(fig);
  },

  /** One section in the chart's description. */
  chartPart(s) {
    const value = decimal(s.score);
    const only = value == null && s.nothing_counted === "only_na";
    const text = value == null ? (only ? this.t.chart_part_only_na : this.t.chart_part_none) : this.t.chart_part;
    return format(text, { title: this.sectionTitle(s.id), value });
  },
});
