// The explore page: controls for every uncertain number, charts redrawn from the server's
// Monte Carlo on every move. The state is the query string (?runs=&seed=&set=PATH:C:K,...),
// so the page's URL reproduces what is on screen.
"use strict";
(function () {
  const id = decodeURIComponent(location.pathname.split("/").pop());
  let scenario = null;
  const values = new Map(); // path -> {center, spread}
  let inFlight = false, pending = false;

  function setString() {
    const parts = [];
    for (const [path, v] of values) parts.push(path + ":" + fmtQ(v.center) + ":" + fmtQ(v.spread));
    return parts.join(",");
  }
  function fmtQ(x) { return String(Number(x.toPrecision(6))); }
  function query(extra) {
    const q = new URLSearchParams();
    q.set("runs", document.getElementById("runs").value);
    q.set("seed", document.getElementById("seed").value);
    const s = setString();
    if (s) q.set("set", s);
    for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
    return q.toString();
  }
  function syncUrl() {
    history.replaceState(null, "", location.pathname + "?" + query());
    document.getElementById("download").setAttribute("href", "/api/scenarios/" + encodeURIComponent(id) + "/download?" + query());
    document.getElementById("changedcount").textContent = values.size ? values.size + " number(s) changed" : "as written";
  }

  function controlFor(c) {
    const step = (c.max - c.min) / 400 || 0.001;
    // The slider's grid passes through the value as written, so an untouched control shows it.
    const lo = c.central - Math.floor((c.central - c.min) / step + 1e-9) * step;
    const box = el("div", { class: "control", "data-path": c.path });
    const center = el("input", { type: "range", min: lo, max: c.max, step: step, value: c.central, "aria-label": c.label + " (central value)" });
    const centerOut = el("span", { class: "value" });
    const spread = c.kind === "fixed" ? null : el("input", { type: "range", min: 0, max: 2, step: 0.05, value: 1, "aria-label": c.label + " (spread)" });
    const spreadOut = el("span", { class: "value" });
    const written = el("div", { class: "written" });
    const reset = el("button", { class: "small secondary", title: "back to the file's value" }, "reset");
    function show() {
      const v = values.get(c.path);
      centerOut.textContent = v ? fmt(Number(center.value)) : fmt(c.central);
      if (spread) spreadOut.textContent = "spread x" + Number(spread.value).toFixed(2);
      box.classList.toggle("changed", !!v);
      written.textContent = v ? "as written: " + c.given : "";
      reset.hidden = !v;
    }
    function moved() {
      const s = spread ? Number(spread.value) : 1;
      const ctr = Number(center.value);
      if (Math.abs(ctr - c.central) < step / 2 && Math.abs(s - 1) < 1e-9) values.delete(c.path);
      else values.set(c.path, { center: ctr, spread: s });
      show();
      changed();
    }
    center.addEventListener("input", moved);
    if (spread) spread.addEventListener("input", moved);
    reset.addEventListener("click", () => { center.value = c.central; if (spread) spread.value = 1; values.delete(c.path); show(); changed(); });
    box.setValue = (v) => { center.value = v.center; if (spread) spread.value = v.spread; show(); };
    box.resetValue = () => { center.value = c.central; if (spread) spread.value = 1; show(); };
    box.appendChild(el("div", { class: "label" }, c.label, " ", el("span", { class: "muted" }, "(" + c.unit + ")"), " ", reset));
    box.appendChild(el("div", { class: "row" }, center, centerOut));
    if (spread) box.appendChild(el("div", { class: "row" }, el("span", { class: "muted" }, c.kind), spread, spreadOut));
    box.appendChild(written);
    box.appendChild(el("details", {}, el("summary", {}, "source: " + c.given), el("pre", {}, c.comment || "(no comment in the file)"), el("div", { class: "muted" }, c.path)));
    show();
    return box;
  }

  function buildControls() {
    const root = clear(document.getElementById("controls"));
    const groups = new Map();
    for (const c of scenario.controls) {
      if (!groups.has(c.group)) groups.set(c.group, []);
      groups.get(c.group).push(c);
    }
    for (const [name, list] of groups) {
      root.appendChild(el("fieldset", {}, el("legend", {}, name), list.map(controlFor)));
    }
  }

  function changed() {
    syncUrl();
    if (inFlight) { pending = true; return; }
    runNow();
  }

  async function runNow() {
    inFlight = true; pending = false;
    const t0 = performance.now();
    try {
      const r = await api("/api/scenarios/" + encodeURIComponent(id) + "/run?" + query());
      clear(document.getElementById("error"));
      draw(r);
      document.getElementById("timing").textContent = r.runs + " runs: " + r.ms.toFixed(0) + " ms on the server, " + (performance.now() - t0).toFixed(0) + " ms in all";
      document.body.setAttribute("data-runs-done", String(Number(document.body.getAttribute("data-runs-done") || 0) + 1));
    } catch (e) {
      showError(document.getElementById("error"), e);
    }
    inFlight = false;
    if (pending) runNow();
  }

  function draw(r) {
    drawOutcomes(r);
    drawSurvival(r);
    drawTerms(r);
    drawBlockers(r);
    const ex = clear(document.getElementById("examples"));
    for (const x of r.examples) {
      ex.appendChild(el("button", { class: "small secondary", onclick: () => { document.getElementById("runindex").value = x.run; tell(); } }, "a run that ended " + OUTCOME_WORDS[x.outcome] + " (" + x.run + ")"));
      ex.appendChild(document.createTextNode(" "));
    }
    document.getElementById("runindex").setAttribute("max", r.runs - 1);
  }

  function drawOutcomes(r) {
    const W = 560, rowH = 34, left = 110, right = 70, top = 10;
    const H = top + rowH * r.outcomes.length + 30;
    const x = (v) => left + v * (W - left - right);
    const g = svg("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", role: "img", "aria-label": "outcome shares", id: "outcome-chart" });
    for (let t = 0; t <= 1.0001; t += 0.25) {
      g.appendChild(svg("line", { class: "grid", x1: x(t), x2: x(t), y1: top, y2: H - 25 }));
      g.appendChild(svg("text", { x: x(t), y: H - 8, "text-anchor": "middle" }, pct(t, 0)));
    }
    r.outcomes.forEach((o, i) => {
      const y = top + i * rowH;
      g.appendChild(svg("text", { x: left - 8, y: y + rowH / 2 + 4, "text-anchor": "end" }, OUTCOME_WORDS[o.outcome]));
      g.appendChild(svg("rect", { class: "o-" + o.outcome, x: x(0), y: y + 6, width: Math.max(0, x(o.share) - x(0)), height: rowH - 12, "data-share": o.share }));
      g.appendChild(svg("line", { class: "whisker", x1: x(o.low), x2: x(o.high), y1: y + rowH / 2, y2: y + rowH / 2 }));
      g.appendChild(svg("line", { class: "whisker", x1: x(o.low), x2: x(o.low), y1: y + 10, y2: y + rowH - 10 }));
      g.appendChild(svg("line", { class: "whisker", x1: x(o.high), x2: x(o.high), y1: y + 10, y2: y + rowH - 10 }));
      g.appendChild(svg("text", { x: Math.min(x(o.high) + 6, W - right + 4), y: y + rowH / 2 + 4 }, pct(o.share)));
    });
    clear(document.getElementById("outcomes")).appendChild(g);
    document.getElementById("deals").textContent = "A deal was signed in " + r.deals + " of " + r.runs + " runs (" + pct(r.deals / r.runs) + "). Bars: share of runs; whiskers: 95% interval.";
  }

  function drawSurvival(r) {
    const W = 560, H = 260, left = 50, right = 15, top = 10, bottom = 35;
    const box = clear(document.getElementById("survival"));
    if (!r.signed || !r.survival.length) { box.appendChild(el("p", { class: "muted" }, "No run signed a pause.")); return; }
    const maxDay = Math.max(1, r.survival[r.survival.length - 1][0]);
    const x = (d) => left + d / maxDay * (W - left - right);
    const y = (s) => top + (1 - s) * (H - top - bottom);
    const g = svg("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", role: "img", "aria-label": "survival of signed pauses" });
    for (let t = 0; t <= 1.0001; t += 0.25) {
      g.appendChild(svg("line", { class: "grid", x1: left, x2: W - right, y1: y(t), y2: y(t) }));
      g.appendChild(svg("text", { x: left - 6, y: y(t) + 4, "text-anchor": "end" }, pct(t, 0)));
    }
    let d = "M" + x(0) + "," + y(1), last = 1;
    for (const [day, share] of r.survival) { d += " L" + x(day) + "," + y(last) + " L" + x(day) + "," + y(share); last = share; }
    g.appendChild(svg("path", { class: "curve", d: d }));
    g.appendChild(svg("line", { class: "axis", x1: left, x2: W - right, y1: y(0), y2: y(0) }));
    g.appendChild(svg("text", { x: (left + W) / 2, y: H - 6, "text-anchor": "middle" }, "days since signing (" + r.signed + " signed pauses)"));
    for (let k = 0; k <= 4; k++) { const dd = Math.round(maxDay * k / 4); g.appendChild(svg("text", { x: x(dd), y: H - 20, "text-anchor": "middle" }, dd)); }
    box.appendChild(g);
  }

  function drawTerms(r) {
    const box = clear(document.getElementById("terms"));
    const t = el("table", {}, el("tr", {}, el("th", {}, "issue"), el("th", {}, "typical"), el("th", {}, "spread over deals")));
    for (const i of r.terms) {
      let spread = "";
      if (i.options && i.options.length) {
        spread = i.options.filter((o) => o.count > 0).map((o) => words(o.option) + " " + pct(o.share, 0)).join(", ");
      } else if (i.quantiles) {
        spread = "middle 80%: " + fmt(i.quantiles.p10) + " to " + fmt(i.quantiles.p90) + (i.unit ? " " + i.unit : "");
      }
      t.appendChild(el("tr", {}, el("td", {}, i.label), el("td", {}, i.typical ? words(i.typical) : "(no deal)"), el("td", { class: "muted" }, spread)));
    }
    box.appendChild(t);
  }

  function drawBlockers(r) {
    const box = clear(document.getElementById("blockers"));
    if (!r.blockers.length) { box.appendChild(el("p", { class: "muted" }, "Every run signed a deal.")); return; }
    const W = 560, rowH = 28, left = 10;
    const H = rowH * r.blockers.length * 2 + 10;
    const g = svg("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", role: "img", "aria-label": "blockers" });
    r.blockers.forEach((b, i) => {
      const y = 5 + i * rowH * 2;
      g.appendChild(svg("text", { x: left, y: y + 14, class: "small" }, b.description));
      g.appendChild(svg("rect", { class: "bar", x: left, y: y + 20, width: Math.max(1, b.share_of_failures * (W - 160)), height: rowH - 8 }));
      g.appendChild(svg("text", { x: left + b.share_of_failures * (W - 160) + 6, y: y + 36 }, pct(b.share_of_failures) + " of failures"));
    });
    box.appendChild(g);
  }

  async function tell() {
    const pre = document.getElementById("story");
    try {
      const r = await api("/api/scenarios/" + encodeURIComponent(id) + "/narrate?" + query({ run: document.getElementById("runindex").value }));
      pre.hidden = false;
      pre.textContent = "Run " + r.run + " of seed " + r.seed + " (the same run the charts counted)\n\n" + r.text;
    } catch (e) { showError(document.getElementById("error"), e); }
  }

  async function start() {
    try {
      scenario = await api("/api/scenarios/" + encodeURIComponent(id));
    } catch (e) { showError(document.getElementById("error"), e); return; }
    document.title = "truce: " + scenario.name;
    document.getElementById("title").textContent = scenario.name;
    document.getElementById("file").textContent = scenario.file;
    document.getElementById("description").textContent = scenario.description;
    document.getElementById("sources").textContent = scenario.sources.length ? "Sources: " + scenario.sources.join("; ") : "";
    const q = new URLSearchParams(location.search);
    document.getElementById("runs").value = q.get("runs") || scenario.runs;
    document.getElementById("runs").max = scenario.max_runs;
    document.getElementById("seed").value = q.get("seed") || scenario.seed;
    buildControls();
    for (const item of (q.get("set") || "").split(",").filter((x) => x)) {
      const [path, c, k] = item.split(":");
      const box = document.querySelector('.control[data-path="' + CSS.escape(path) + '"]');
      if (!box || !isFinite(Number(c))) continue;
      const v = { center: Number(c), spread: k === undefined ? 1 : Number(k) };
      values.set(path, v);
      box.setValue(v);
    }
    document.getElementById("runs").addEventListener("change", changed);
    document.getElementById("seed").addEventListener("change", changed);
    document.getElementById("tell").addEventListener("click", tell);
    document.getElementById("reset").addEventListener("click", () => {
      values.clear();
      document.querySelectorAll(".control").forEach((b) => b.resetValue());
      changed();
    });
    changed();
  }
  start();
})();
