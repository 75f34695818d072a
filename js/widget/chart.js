/*
 * econsec widget, part 9: the section chart, an inline SVG (role=img, <title>, and a <desc>
 * with every number; hatched bars, the weakest section cross-hatched, numeric labels).
 */

Object.assign(Widget.prototype, {
  renderChart(r) {
    const fig = this.q('[data-result="chart"]');
    if (!fig) return;
    for (const old of fig.querySelectorAll("svg, [data-chart-placeholder]")) old.remove();
    const sections = r.sections || [];
    const t = this.t;
    const base = this.root.id || `econsec-${this.def.id}`;
    const W = 640;
    const labelH = 22;
    const barH = 20;
    const rowH = labelH + barH + 14;
    const top = 6;
    const axisH = 24;
    const barW = 520;
    const H = top + rowH * sections.length + axisH;
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

    const axisY = top + rowH * sections.length;
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
      const y = top + i * rowH;
      const v = decimal(s.score);
      const weakest = this.weakestIds(r).includes(s.id);
      const g = svg("g", { class: `econsec-chart__row${weakest ? " is-weakest" : ""}`, "data-section": s.id });
      g.appendChild(
        svg("text", { x: 0, y: y + 15, class: "econsec-chart__label" }, this.sectionTitle(s.id) + (weakest ? t.weakest_mark : "")),
      );
      const by = y + labelH;
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
        svg("text", { x: barW + 10, y: by + 15, class: "econsec-chart__value" }, v == null ? t.no_answers : v),
      );
      root.appendChild(g);
    });
    fig.appendChild(root);
  },

  /** One section in the chart's description. */
  chartPart(s) {
    const value = decimal(s.score);
    return format(value == null ? this.t.chart_part_none : this.t.chart_part, { title: this.sectionTitle(s.id), value });
  },
});
