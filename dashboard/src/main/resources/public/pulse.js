// The dashboard page: polls /api/v1/ and updates each panel in place. Every number it shows is a
// text the server formatted (an answer's `display`); the page writes only times, durations and
// chart axes.
// Data goes into the DOM as text nodes, never as HTML.
"use strict";

(function () {
  const POLL_MS = 3000;
  // The trends read 30 days of every source and move once a day: every 10th poll is enough.
  const TRENDS_EVERY = 10;
  // Once each has drawn its first answer, the page is loaded: <html data-loaded> and the
  // performance mark "pulse-loaded" say so to a test or a benchmark.
  const PANELS = ["today", "summary", "sources", "reps", "trends", "alerts", "freshness"];

  const state = {
    window: "7",
    range: "today",
    openAlerts: new Set(),
    // An alert a deep link named that neither today's nor the week's list holds.
    linked: null,
    // Per panel its last answer, and what it drew (the answer without as_of): an unchanged answer
    // leaves the DOM alone.
    answers: new Map(),
    drawn: new Map(),
    charts: new Map(),
    tick: 0,
    timer: null,
    revealed: false,
  };

  // ------------------------------------------------------------------ helpers

  /** The server's text for obj[key]; the one place that would turn a raw value into text. */
  function shown(obj, key) {
    if (obj && obj.display && obj.display[key] != null) {
      return String(obj.display[key]);
    }
    const value = obj ? obj[key] : null;
    return value == null ? "–" : String(value);
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null) continue;
      if (k === "class") node.className = v;
      else node.setAttribute(k, v);
    }
    for (const child of children) {
      if (child == null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** A time in the browser's locale; `short`: weekday and minutes, for a list. */
  function time(iso, short) {
    if (!iso) return "–";
    const t = new Date(iso);
    return short
      ? t.toLocaleString(undefined, { weekday: "short", hour: "numeric", minute: "2-digit" })
      : t.toLocaleString();
  }

  /**
   * A duration the API gives in seconds, in the largest whole unit: "under 1 s", "42 s", "3 min",
   * "5 h", "2 d". Durations are not money, counts or rates, so the page writes them, here only.
   */
  function duration(seconds) {
    if (seconds == null) return "–";
    const s = Number(seconds);
    if (s < 1) return "under 1 s";
    if (s < 60) return Math.floor(s) + " s";
    if (s < 3600) return Math.floor(s / 60) + " min";
    if (s < 86400) return Math.floor(s / 3600) + " h";
    return Math.floor(s / 86400) + " d";
  }

  function panel(id) {
    return document.getElementById(id);
  }

  function asOf(id, answer, failed) {
    const children = [];
    if (answer && answer.as_of) children.push("as of " + time(answer.as_of));
    // The summary's numbers are those of when it was written, not of the poll.
    if (answer && answer.summary && answer.summary.created_at) {
      children.push(" · written " + time(answer.summary.created_at));
    }
    if (failed) {
      children.push(el("span", { class: "failed" }, (children.length ? " · " : "") + "couldn't refresh"));
    }
    panel(id).querySelector(".as-of").replaceChildren(...children);
  }

  /** Fetches an answer; null (and the panel's quiet "couldn't refresh") when it fails. */
  async function load(id, url) {
    try {
      const response = await fetch(url, { cache: "no-store", credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      return await response.json();
    } catch (e) {
      asOf(id, state.answers.get(id), true);
      return null;
    }
  }

  /** Draws a panel when its answer changed; always updates its "as of". */
  function update(id, answer, draw) {
    if (!answer) return;
    const { as_of, ...rest } = answer;
    const key = JSON.stringify(rest);
    state.answers.set(id, answer);
    if (state.drawn.get(id) !== key) {
      draw(answer);
      state.drawn.set(id, key);
      panel(id).querySelectorAll(".scroll").forEach(scrollCue);
    }
    asOf(id, answer, false);
    const root = document.documentElement;
    if (!root.dataset.loaded && PANELS.every((p) => state.drawn.has(p))) {
      performance.mark("pulse-loaded");
      root.dataset.loaded = "true";
    }
  }

  function table(columns, rows) {
    const head = el("tr", null, ...columns.map((c) => el("th", { class: c.num ? "num" : null }, c.title)));
    const body = rows.map((row) =>
      el("tr", null, ...columns.map((c) => el("td", { class: c.num ? "num" : null, "data-col": c.key }, c.text(row))))
    );
    return el("table", null, el("thead", null, head), el("tbody", null, ...body));
  }

  /**
   * A table wider than its box scrolls inside it; pulse.css fades the edge it continues past
   * (more-left, more-right), so a phone shows there is more to swipe to.
   */
  function scrollCue(box) {
    box.classList.toggle("more-left", box.scrollLeft > 0);
    box.classList.toggle("more-right", box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
  }

  function chart(id) {
    if (!window.echarts) return null;
    let c = state.charts.get(id);
    if (!c) {
      c = window.echarts.init(document.getElementById(id), null, { renderer: "svg" });
      state.charts.set(id, c);
    }
    return c;
  }

  /**
   * A chart's tooltip: for the point under the pointer, `title(dataIndex)` and each series' name
   * with `text(seriesIndex, dataIndex)`, the server's display text, as DOM nodes (ECharts' own
   * tooltip would write the raw floats: 33.33, 7.000000000000001).
   */
  function tooltip(title, text) {
    return {
      trigger: "axis",
      className: "chart-tip",
      formatter: (params) => {
        const points = [].concat(params);
        if (!points.length) return "";
        return el("div", null, el("div", null, title(points[0].dataIndex)), ...points.map((p) => {
          const marker = el("span", { class: "tip-marker" });
          marker.style.backgroundColor = p.color;
          const value = text(p.seriesIndex, p.dataIndex);
          return el("div", null, marker, p.seriesName + " ", el("strong", null, value == null ? "–" : value));
        }));
      },
    };
  }

  // ------------------------------------------------------------------ Today

  function card(label, value, note) {
    const shownValue = el("div", { class: "value" }, value);
    // A number is never cut or broken: pulse.css scales its font to the card by its length.
    shownValue.style.setProperty("--chars", String(value.length));
    return el("div", { class: "card" },
      el("div", { class: "label" }, label),
      shownValue,
      note == null ? null : el("div", { class: "note" }, note));
  }

  function drawToday(t) {
    panel("today").querySelector(".day").textContent = t.day || "";
    const top = (t.top_sources || []).map((s) => s.lead_source + " " + shown(s, "leads")).join(", ");
    panel("today").querySelector(".body").replaceChildren(
      el("div", { "data-kpi": "leads" }, card("Leads", shown(t, "leads"), top || null)),
      el("div", { "data-kpi": "junk_rate" },
        card("Junk rate", shown(t, "junk_rate"), "7-day avg " + shown(t, "junk_rate_7d_avg"))),
      el("div", { "data-kpi": "conversion_rate" },
        card("Conversion", shown(t, "conversion_rate"), "7-day avg " + shown(t, "conversion_rate_7d_avg"))),
      el("div", { "data-kpi": "deals_won" },
        card("Deals won", shown(t, "deals_won"), shown(t, "won_value"))),
      el("div", { "data-kpi": "open_pipeline" }, card("Open pipeline", shown(t, "open_pipeline"),
        t.open_pipeline_change == null
          ? "no figure for yesterday"
          : shown(t, "open_pipeline_change") + " since yesterday"))
    );
  }

  // ------------------------------------------------------------------ The daily summary

  /**
   * The report's simple markdown (## and ### headings, **bold**, "- " bullets, paragraphs,
   * backslash escapes) as DOM nodes. Marks are UTF-16 ranges of the raw report, so every visible
   * character keeps the offset it had there.
   */
  function renderReport(report, marks, factsById) {
    const markAt = (i) => (marks || []).find((m) => m.start <= i && i < m.end);
    const out = [];
    let list = null;
    let paragraph = [];
    let offset = 0;

    const flushParagraph = () => {
      if (paragraph.length) {
        const p = el("p");
        paragraph.forEach(([text, start], n) => {
          if (n > 0) p.append(" ");
          inline(p, text, start);
        });
        out.push(p);
        paragraph = [];
      }
    };

    function inline(parent, text, start) {
      // Each visible character with its place in the report, whether bold, and its mark.
      let bold = false;
      const chars = [];
      for (let i = 0; i < text.length; i++) {
        if (text[i] === "\\" && i + 1 < text.length) {
          i++;
          chars.push({ c: text[i], bold, mark: markAt(start + i) });
        } else if (text.startsWith("**", i)) {
          bold = !bold;
          i++;
        } else {
          chars.push({ c: text[i], bold, mark: markAt(start + i) });
        }
      }
      let i = 0;
      while (i < chars.length) {
        const { bold: b, mark: m } = chars[i];
        let run = "";
        while (i < chars.length && chars[i].bold === b && chars[i].mark === m) run += chars[i++].c;
        let node = document.createTextNode(run);
        if (m) {
          const fact = factsById.get(m.fact) || {};
          const title = (fact.meaning ? fact.meaning + ": " : "") + (fact.display != null ? fact.display : "") +
            " (fact " + m.fact + ")";
          node = el("mark", { "data-fact": m.fact, title }, node);
        }
        parent.append(b ? el("strong", null, node) : node);
      }
    }

    for (const line of report.split("\n")) {
      const start = offset;
      offset += line.length + 1;
      const heading = /^(#{2,3}) (.*)$/.exec(line);
      if (heading || line.startsWith("- ") || line.trim() === "") {
        flushParagraph();
      }
      if (!line.startsWith("- ")) list = null;
      if (heading) {
        const h = el(heading[1].length === 2 ? "h3" : "h4");
        inline(h, heading[2], start + heading[1].length + 1);
        out.push(h);
      } else if (line.startsWith("- ")) {
        if (!list) {
          list = el("ul");
          out.push(list);
        }
        const li = el("li");
        inline(li, line.slice(2), start + 2);
        list.append(li);
      } else if (line.trim() !== "") {
        paragraph.push([line, start]);
      }
    }
    flushParagraph();
    return out;
  }

  function facts(summary) {
    const list = Array.isArray(summary.facts) ? summary.facts : (summary.facts && summary.facts.facts) || [];
    return new Map(list.map((f) => [f.id, f]));
  }

  function drawSummary(answer) {
    const s = answer.summary;
    const verdict = panel("summary").querySelector(".verdict");
    const body = panel("summary").querySelector(".body");
    if (!s) {
      verdict.className = "verdict";
      verdict.textContent = "";
      body.replaceChildren(el("p", { class: "empty" }, "No daily summary yet: the job writes one when the business day ends."));
      return;
    }
    verdict.className = "verdict " + s.status;
    verdict.textContent = s.status;
    verdict.title = s.status === "grounded"
      ? "Every number in it is one of the job's facts"
      : "The model's text was refused; the template stands in";
    body.replaceChildren(...renderReport(s.dashboard_report || "", s.marks, facts(s)));
  }

  /**
   * A tap on a mark shows its fact (the mark's title, which a phone never shows) on a line under
   * its paragraph; a second tap on it hides the line.
   */
  function showFact(event) {
    const mark = event.target.closest("mark[data-fact]");
    if (!mark) return;
    const block = mark.closest("p, li, h3, h4") || mark;
    const next = block.nextElementSibling;
    const shownFor = next && next.classList.contains("fact-note") ? next : null;
    if (shownFor) shownFor.remove();
    if (shownFor && shownFor.dataset.fact === mark.dataset.fact) return;
    block.after(el("div", { class: "fact-note", "data-fact": mark.dataset.fact }, mark.title));
  }

  // ------------------------------------------------------------------ Sources

  function drawSources(answer) {
    const rows = answer.sources || [];
    panel("sources").querySelector(".body").replaceChildren(rows.length ? table([
      // What a CEO reads first comes first: on a phone the rest is a swipe away.
      { key: "lead_source", title: "Source", text: (r) => r.lead_source },
      { key: "leads", title: "Leads", num: true, text: (r) => shown(r, "leads") },
      { key: "junk_rate", title: "Junk", num: true, text: (r) => shown(r, "junk_rate") },
      { key: "conversion_rate", title: "Converted", num: true, text: (r) => shown(r, "conversion_rate") },
      { key: "won_value", title: "Won value", num: true, text: (r) => shown(r, "won_value") },
      { key: "deals_won", title: "Won", num: true, text: (r) => shown(r, "deals_won") },
      { key: "contact_rate", title: "Contacted", num: true, text: (r) => shown(r, "contact_rate") },
    ], rows) : el("p", { class: "empty" }, "No leads in this window."));
    const c = chart("sources-chart");
    if (!c) return;
    const pct = (v) => (v == null ? null : Number(v) * 100);
    c.setOption({
      animation: false,
      // Room on the left for the first source's name, slanted under the axis.
      grid: { left: 36, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, data: ["Leads", "Junk rate", "Conversion"] },
      tooltip: tooltip((i) => rows[i].lead_source,
        (series, i) => shown(rows[i], ["leads", "junk_rate", "conversion_rate"][series])),
      xAxis: { type: "category", data: rows.map((r) => r.lead_source), axisLabel: { interval: 0, rotate: 45 } },
      yAxis: [
        { type: "value", minInterval: 1 },
        { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      ],
      series: [
        { name: "Leads", type: "bar", data: rows.map((r) => Number(r.leads)) },
        { name: "Junk rate", type: "line", yAxisIndex: 1, data: rows.map((r) => pct(r.junk_rate)) },
        { name: "Conversion", type: "line", yAxisIndex: 1, data: rows.map((r) => pct(r.conversion_rate)) },
      ],
    }, true);
  }

  // ------------------------------------------------------------------ Reps

  function drawReps(answer) {
    const rows = answer.reps || [];
    panel("reps").querySelector(".body").replaceChildren(rows.length ? table([
      { key: "rank", title: "#", num: true, text: (r) => shown(r, "rank") },
      { key: "owner_name", title: "Rep", text: (r) => r.owner_name },
      { key: "open_deals", title: "Open", num: true, text: (r) => shown(r, "open_deals") },
      { key: "won_value", title: "Won value", num: true, text: (r) => shown(r, "won_value") },
      { key: "won_deals", title: "Won", num: true, text: (r) => shown(r, "won_deals") },
      { key: "lost_deals", title: "Lost", num: true, text: (r) => shown(r, "lost_deals") },
      { key: "weighted_pipeline", title: "Weighted", num: true, text: (r) => shown(r, "weighted_pipeline") },
      { key: "untouched_leads", title: "Untouched", num: true, text: (r) => shown(r, "untouched_leads") },
    ], rows) : el("p", { class: "empty" }, "No reps yet."));
  }

  // ------------------------------------------------------------------ Trends

  function shortDay(day) {
    return new Date(day + "T00:00:00").toLocaleDateString(undefined, { day: "numeric", month: "short" });
  }

  /** The trends draw the total and the sources with the most leads; more lines only crowd a phone. */
  const TREND_SOURCES = 5;
  const TOTAL = "All sources";

  function drawTrends(answer) {
    const days = answer.days || [];
    // The API lists the sources with the most leads over the range first.
    const lines = [{ name: TOTAL, values: answer.total || {}, total: true }].concat(
      (answer.sources || []).slice(0, TREND_SOURCES).map((s) => ({ name: s.lead_source, values: s })));
    const draw = (id, title, key, percent) => {
      // Hidden until the first answer, so a panel that never loaded takes no room.
      document.getElementById(id).hidden = false;
      const c = chart(id);
      if (!c) return;
      c.setOption({
        animation: false,
        title: { text: title, textStyle: { fontSize: 13 } },
        grid: { left: 8, right: 8, top: 76, bottom: 8, containLabel: true },
        legend: { top: 22, itemWidth: 16, itemGap: 8 },
        tooltip: tooltip((i) => shortDay(days[i]), (series, i) => {
          const texts = (lines[series].values.display || {})[key];
          return texts ? texts[i] : null;
        }),
        // "7 Nov" rather than 2026-11-07: four labels fit a phone's width.
        xAxis: { type: "category", data: days, axisLabel: { formatter: shortDay } },
        yAxis: percent
          ? { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }
          : { type: "value", minInterval: 1 },
        series: lines.map((line) => ({
          name: line.name,
          type: "line",
          // A day without leads has no junk rate: the line joins the days that have one, and
          // every day that has one keeps its point, so a rate seen on two days is not an empty chart.
          connectNulls: true,
          showAllSymbol: true,
          symbolSize: 5,
          z: line.total ? 3 : 2,
          lineStyle: line.total ? { width: 3, color: "#1d2330" } : { width: 1.5 },
          itemStyle: line.total ? { color: "#1d2330" } : undefined,
          data: (line.values[key] || []).map((v) => (v == null ? null : percent ? Number(v) * 100 : Number(v))),
        })),
      }, true);
    };
    draw("trends-leads", "Leads a day", "leads", false);
    draw("trends-junk", "Junk rate", "junk_rate", true);
    draw("trends-converted", "Conversions a day", "converted", false);
  }

  // ------------------------------------------------------------------ Alerts

  /** An alert's WhatsApp messages by status (the outbox's), in words; # is the recipients. */
  const DELIVERY = {
    pending: "sending to #",
    sending: "sending to #",
    sent: "sent to #",
    delivered: "delivered to #",
    read: "read by #",
    failed: "failed for #",
    undelivered: "undelivered to #",
    dry_run: "dry run",
    capped: "capped",
  };

  function delivery(a) {
    const statuses = Object.keys(a.delivery || {}).filter((k) => k !== "display").sort(
      (x, y) => Object.keys(DELIVERY).indexOf(x) - Object.keys(DELIVERY).indexOf(y));
    return statuses.length
      ? statuses.map((k) => (DELIVERY[k] || k + " #").replace("#", shown(a.delivery, k))).join(", ")
      : "not sent";
  }

  function alertItem(a) {
    const details = el("details", { class: "alert", "data-alert": a.alert_id });
    details.open = state.openAlerts.has(a.alert_id);
    details.addEventListener("toggle", () => {
      if (details.open) state.openAlerts.add(a.alert_id);
      else state.openAlerts.delete(a.alert_id);
    });
    // The headline is what the WhatsApp message said; the evidence is for an analyst, opened.
    details.append(
      el("summary", null,
        el("span", { class: "severity " + a.severity }, a.severity),
        el("span", { class: "rule", "data-field": "rule" }, a.rule_name || a.rule),
        el("span", { class: "meta" },
          el("span", { "data-field": "fired" }, time(a.fired_at, true)), " · ",
          el("span", { "data-field": "delivery" }, delivery(a))),
        el("span", { class: "message", "data-field": "message" }, a.message || "–")),
      el("dl", null,
        el("dt", null, "observed"), el("dd", { "data-field": "observed" }, shown(a, "observed")),
        el("dt", null, "expected"), el("dd", { "data-field": "expected" }, shown(a, "expected")),
        el("dt", null, "n"), el("dd", { "data-field": "n" }, shown(a, "n")),
        el("dt", null, "window"), el("dd", null, time(a.window_start) + " – " + time(a.window_end)),
        el("dt", null, "fired"), el("dd", null, time(a.fired_at)),
        el("dt", null, "subject"), el("dd", { "data-field": "subject" }, a.subject),
        el("dt", null, "test"), el("dd", { "data-field": "test" }, a.test || "–"),
        el("dt", null, "details"), el("dd", null, el("pre", { "data-field": "details" }, JSON.stringify(a.details, null, 2))),
        el("dt", null, "alert id"), el("dd", { "data-field": "alert_id" }, a.alert_id)));
    return details;
  }

  function drawAlerts(answer) {
    const alerts = answer.alerts || [];
    const body = panel("alerts").querySelector(".body");
    const items = alerts.map(alertItem);
    const wanted = linkedAlert();
    if (wanted && !alerts.some((a) => a.alert_id === wanted) && state.linked && state.linked.alert_id === wanted) {
      items.unshift(alertItem(state.linked));
    }
    body.replaceChildren(...(items.length ? items : [el("p", { class: "empty" }, "No alerts " + (state.range === "today" ? "today." : "this week."))]));
  }

  /** The alert id of a #alerts/<id> address; null for another address or a malformed one. */
  function linkedAlert() {
    const m = /^#alerts\/(.+)$/.exec(location.hash);
    if (!m) return null;
    try {
      return decodeURIComponent(m[1]);
    } catch (e) {
      return null;
    }
  }

  /** A deep link #alerts/<id>: opens that alert, from the week or on its own when older. */
  async function openLinkedAlert() {
    const id = linkedAlert();
    if (!id) return;
    state.openAlerts.add(id);
    let answer = await load("alerts", "/api/v1/alerts?range=" + state.range);
    if (answer && !answer.alerts.some((a) => a.alert_id === id) && state.range === "today") {
      setRange("week");
      answer = await load("alerts", "/api/v1/alerts?range=week");
    }
    if (answer && !answer.alerts.some((a) => a.alert_id === id)) {
      const one = await load("alerts", "/api/v1/alerts/" + encodeURIComponent(id));
      if (one) state.linked = one.alert || one;
    }
    state.drawn.delete("alerts");
    update("alerts", answer, drawAlerts);
  }

  /** Scrolls to the view the address names, once the panels above it have their height. */
  function reveal() {
    const id = linkedAlert();
    const target = id
      ? panel("alerts").querySelector('[data-alert="' + CSS.escape(id) + '"]') || panel("alerts")
      : location.hash === "#summary" ? panel("summary") : null;
    if (target) target.scrollIntoView();
  }

  function setRange(range) {
    state.range = range;
    panel("alerts").querySelectorAll("[data-range]").forEach((b) =>
      b.setAttribute("aria-pressed", String(b.dataset.range === range)));
  }

  // ------------------------------------------------------------------ Freshness

  function drawFreshness(answer) {
    panel("stale-banner").hidden = !answer.stale;
    const rows = answer.modules || [];
    panel("freshness").querySelector(".body").replaceChildren(rows.length ? table([
      { key: "module", title: "Module", text: (r) => r.module },
      { key: "status", title: "Status", text: (r) => el("span", { class: "status-" + r.status }, r.status) },
      { key: "seconds_since_last_poll", title: "Last poll", num: true,
        text: (r) => el("span", { title: time(r.last_successful_poll) },
          r.last_successful_poll ? duration(r.seconds_since_last_poll) + " ago" : "never") },
      { key: "lag_seconds", title: "Behind the CRM", num: true, text: (r) => duration(r.lag_seconds) },
    ], rows) : el("p", { class: "empty" }, "No poll has completed yet."));
  }

  // ------------------------------------------------------------------ the loop

  async function refresh() {
    const withTrends = state.tick++ % TRENDS_EVERY === 0;
    const jobs = [
      load("today", "/api/v1/today").then((a) => update("today", a, drawToday)),
      load("summary", "/api/v1/summary").then((a) => update("summary", a, drawSummary)),
      // An answer for a window or range the user has just left is dropped.
      load("sources", "/api/v1/sources?window=" + state.window).then((a) =>
        update("sources", a && String(a.window_days) === state.window ? a : null, drawSources)),
      load("reps", "/api/v1/reps").then((a) => update("reps", a, drawReps)),
      load("alerts", "/api/v1/alerts?range=" + state.range).then((a) =>
        update("alerts", a && a.range === state.range ? a : null, drawAlerts)),
      load("freshness", "/api/v1/freshness").then((a) => update("freshness", a, drawFreshness)),
    ];
    if (withTrends) {
      jobs.push(load("trends", "/api/v1/trends?days=30").then((a) => update("trends", a, drawTrends)));
    }
    await Promise.all(jobs);
  }

  async function loop() {
    state.timer = null;
    if (document.hidden) return;
    await refresh();
    if (!state.revealed) {
      state.revealed = true;
      reveal();
    }
    if (!document.hidden && state.timer == null) state.timer = setTimeout(loop, POLL_MS);
  }

  function restart() {
    if (state.timer != null) clearTimeout(state.timer);
    state.timer = null;
    loop();
  }

  function start() {
    panel("sources").querySelectorAll("[data-window]").forEach((b) =>
      b.addEventListener("click", () => {
        state.window = b.dataset.window;
        panel("sources").querySelectorAll("[data-window]").forEach((o) =>
          o.setAttribute("aria-pressed", String(o === b)));
        restart();
      }));
    panel("alerts").querySelectorAll("[data-range]").forEach((b) =>
      b.addEventListener("click", () => {
        setRange(b.dataset.range);
        restart();
      }));
    // A hidden tab polls nothing; coming back refreshes at once.
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden) restart();
    });
    // A link that fails to open still leaves the polls running and the page as it was.
    panel("summary").querySelector(".body").addEventListener("click", showFact);
    window.addEventListener("hashchange", () => openLinkedAlert().then(reveal).catch(() => {}));
    document.querySelectorAll(".scroll").forEach((box) =>
      box.addEventListener("scroll", () => scrollCue(box), { passive: true }));
    window.addEventListener("resize", () => {
      state.charts.forEach((c) => c.resize());
      document.querySelectorAll(".scroll").forEach(scrollCue);
    });
    openLinkedAlert().catch(() => {}).finally(loop);
  }

  start();
})();
