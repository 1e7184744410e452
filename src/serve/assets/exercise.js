// What the team page and the facilitator's console share: polling the server (the one source
// of truth) and drawing the table and the transcript.
"use strict";
function poller(url, render) {
  let version = null, failures = 0;
  async function tick() {
    try {
      const r = await api(url + (version === null ? "" : "?v=" + version));
      failures = 0;
      document.getElementById("conn").textContent = "connected";
      if (!r.unchanged) { version = r.version; render(r); }
    } catch (e) {
      failures++;
      document.getElementById("conn").textContent = "reconnecting... (" + e.message + ")";
    }
    setTimeout(tick, failures ? Math.min(5000, 1000 * failures) : 1000);
  }
  tick();
  return { refresh: (r) => { version = r.version; render(r); } };
}
function drawTable(st) {
  document.getElementById("roundline").textContent = st.over ? "The talks are over" : "Round " + st.round + " of " + st.rounds + " (day " + st.day + ")";
  document.getElementById("battlefield").textContent = st.battlefield ? "Battlefield: " + st.battlefield : "";
  const inj = clear(document.getElementById("injects"));
  for (const i of st.injects) inj.appendChild(el("p", { class: "warn" }, "INJECT: " + i));
  document.getElementById("tableby").textContent = st.over ? "The last text" : "On the table, the text of " + st.table.by;
  const t = clear(document.getElementById("table"));
  for (const i of st.table.issues) {
    t.appendChild(el("tr", {}, el("td", {}, i.changed ? el("span", { class: "changedmark", title: "changed this round" }, "* ") : "", i.label), el("td", {}, el("strong", {}, i.value))));
  }
  const o = clear(document.getElementById("others"));
  for (const x of st.others) o.appendChild(el("p", { class: "muted" }, x.party + (x.required ? "" : " (its yes is not required)") + ": " + x.answer));
  const tr = clear(document.getElementById("transcript"));
  if (!st.transcript.length) tr.appendChild(el("p", { class: "muted" }, "No round closed yet."));
  for (const r of st.transcript.slice().reverse()) {
    tr.appendChild(el("div", {}, el("h3", {}, "Round " + r.round + " (day " + r.day + ")"),
      r.injects.map((i) => el("p", { class: "warn" }, "INJECT: " + i)),
      el("ul", {}, r.moves.map((m) => el("li", {}, m))),
      el("p", {}, r.answers.map((a) => el("span", { class: "pill " + (a.answer === "yes" || a.answer.startsWith("yes") ? "yes" : "no") }, a.party + ": " + a.answer)).flatMap((x) => [x, " "])),
      el("p", {}, el("strong", {}, r.result))));
  }
  const end = document.getElementById("ended");
  end.hidden = !st.ended;
  if (st.ended) {
    clear(end).appendChild(el("h2", {}, "Outcome: " + st.ended.outcome));
    if (st.ended.terms.length) end.appendChild(el("table", {}, st.ended.terms.map((x) => el("tr", {}, el("td", {}, x.label), el("td", {}, x.value)))));
    if (st.ended.pause.length) end.appendChild(el("ul", {}, st.ended.pause.map((x) => el("li", {}, x))));
  }
}
