"use strict";
(function () {
  const token = location.pathname.split("/").pop();
  const base = "/api/fac/" + encodeURIComponent(token);
  document.getElementById("joinurl").textContent = location.origin + "/join";
  document.getElementById("logjson").setAttribute("href", base + "/log.json");
  function render(st) {
    document.getElementById("title").textContent = st.scenario.name;
    drawTable(st);
    const t = clear(document.getElementById("teams"));
    t.appendChild(el("tr", {}, el("th", {}, "team"), el("th", {}, "link"), el("th", {}, "code"), el("th", {}, "this round")));
    for (const x of st.teams_status) {
      const link = location.origin + x.link;
      const cls = x.status === "has answered" ? "yes" : x.status === "done" ? "" : "wait";
      t.appendChild(el("tr", {}, el("td", {}, x.party), el("td", { class: "link" }, el("a", { href: x.link, target: "_blank", rel: "noopener" }, link)), el("td", { class: "code" }, x.code), el("td", {}, el("span", { class: "pill " + cls }, x.status), x.seen_seconds_ago === null ? el("span", { class: "muted" }, " (not joined yet)") : "")));
    }
    document.getElementById("close").disabled = !st.can_close;
    document.getElementById("forecast").disabled = st.over;
    document.getElementById("end").disabled = st.over && st.aar_ready;
    document.getElementById("save").checked = st.save;
    document.getElementById("waiting").textContent = st.over ? "" : st.can_close ? "Every team has answered: close the round when you are ready." : "Waiting for " + st.waiting_for + ".";
    const w = clear(document.getElementById("waived"));
    for (const x of st.waived) w.appendChild(el("p", { class: "muted" }, "(private to that team) " + x));
    const ev = clear(document.getElementById("events"));
    ev.appendChild(el("tr", {}, el("th", {}, "inject"), el("th", {}, "when"), el("th", {}, "chance"), el("th", {}, "")));
    for (const e of st.events) {
      ev.appendChild(el("tr", {}, el("td", {}, e.label), el("td", {}, e.when), el("td", {}, e.chance + (e.once ? " (once)" : "")),
        el("td", {}, e.queued ? el("span", { class: "pill wait" }, "queued") : el("button", { class: "small secondary", disabled: st.over, onclick: () => post("/inject", { event: e.id }) }, "fire next round"))));
    }
    const fb = document.getElementById("forecastbox");
    fb.hidden = !st.forecast;
    if (st.forecast) {
      clear(fb).appendChild(el("h2", {}, "Forecast (round " + st.forecast.round + ")"));
      fb.appendChild(el("p", { class: "warn" }, st.forecast.label));
      const cell = (x) => x ? [el("strong", {}, pct(x.share)), el("span", { class: "muted" }, " (" + pct(x.low) + " to " + pct(x.high) + ")")] : "";
      fb.appendChild(el("table", { id: "forecasttable" }, el("tr", {}, el("th", {}, ""), el("th", {}, "as written"), el("th", {}, "from here")),
        st.forecast.rows.map((r) => el("tr", {}, el("td", {}, r.label), el("td", {}, cell(r.as_written)), el("td", {}, cell(r.from_here))))));
      fb.appendChild(el("p", { class: "muted" }, st.forecast.as_written));
      fb.appendChild(el("p", { class: "muted" }, st.forecast.from_here + " (95% intervals in brackets; " + st.forecast.seconds.toFixed(2) + " s)"));
    }
    const rb = document.getElementById("reportbox");
    rb.hidden = !st.over;
    clear(rb).appendChild(el("h2", {}, "After-action report"));
    if (st.aar_ready) {
      rb.appendChild(el("p", {}, el("a", { class: "button", href: base + "/aar.html", id: "aarlink" }, "Download the report (HTML)"), " ", el("a", { class: "button secondary", href: base + "/log.json" }, "Download the decision log")));
      if (st.exported) rb.appendChild(el("p", { class: "muted" }, "Report and log " + st.exported));
    } else rb.appendChild(el("p", { class: "muted" }, "Preparing the report (5,000 simulated runs)..."));
    const log = clear(document.getElementById("log"));
    for (const l of st.log) log.appendChild(el("li", {}, "+" + l.at + " s " + l.who + ": " + l.what));
    document.body.setAttribute("data-round", st.round);
    document.body.setAttribute("data-over", st.over ? "yes" : "no");
    document.body.setAttribute("data-aar", st.aar_ready ? "yes" : "no");
  }
  async function post(path, body) {
    try { p.refresh(await api(base + path, body || {})); clear(document.getElementById("error")); }
    catch (e) { showError(document.getElementById("error"), e); }
  }
  document.getElementById("close").addEventListener("click", () => post("/close"));
  document.getElementById("forecast").addEventListener("click", () => post("/forecast"));
  document.getElementById("end").addEventListener("click", () => { if (confirm("End the exercise now? The talks count as ended without a deal if none was signed.")) post("/end"); });
  document.getElementById("save").addEventListener("change", (e) => post("/save", { save: e.target.checked }));
  const p = poller(base, render);
})();
