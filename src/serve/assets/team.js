"use strict";
(function () {
  const token = location.pathname.split("/").pop();
  const base = "/api/team/" + encodeURIComponent(token);
  let cardShown = false, noteLoaded = false, proposalBuilt = false;
  function render(st) {
    document.title = "truce: " + st.me.name;
    document.getElementById("title").textContent = st.scenario.name;
    document.getElementById("who").textContent = "Team " + st.me.name;
    document.getElementById("description").textContent = st.scenario.description;
    document.getElementById("protocol").textContent = st.protocol;
    document.getElementById("pauserule").textContent = st.pause_rule || "";
    if (!cardShown) {
      // The card is rendered and escaped by the server (the same card `truce brief` prints).
      document.getElementById("card").innerHTML = st.me.card;
      cardShown = true;
    }
    if (!noteLoaded) { document.getElementById("note").value = st.me.note; noteLoaded = true; }
    drawTable(st);
    const priv = clear(document.getElementById("private"));
    for (const w of st.me.waived) priv.appendChild(el("p", { class: "ok" }, w));
    for (const w of st.me.warnings) priv.appendChild(el("p", { class: "warn" }, "! " + w));
    if (st.me.staff_note) priv.appendChild(el("p", { class: "muted" }, "Staff note for " + st.me.name + ": " + st.me.staff_note));
    const ans = document.getElementById("answer");
    const moves = document.getElementById("moves");
    moves.hidden = st.over;
    if (st.me.my_turn_to_table) ans.textContent = "It is your turn to propose: Accept tables your staff's draft as it is; or propose changes first.";
    else if (st.me.waiting_for_package) ans.textContent = "Waiting for the proposer to table its package.";
    else if (st.me.answer) ans.textContent = "Your answer this round: " + st.me.answer + ". You may change it until the facilitator closes the round.";
    else ans.textContent = "Answer the text on the table.";
    document.getElementById("accept").disabled = st.me.waiting_for_package;
    document.getElementById("reject").disabled = st.me.waiting_for_package || st.me.my_turn_to_table;
    document.getElementById("proposebox").hidden = !st.me.can_propose;
    if (!proposalBuilt) buildProposal(st);
    document.body.setAttribute("data-round", st.round);
    document.body.setAttribute("data-over", st.over ? "yes" : "no");
  }
  function buildProposal(st) {
    const t = clear(document.getElementById("proposal"));
    for (const i of st.table.issues) {
      let input;
      if (i.kind === "options") input = el("select", { "data-issue": i.id }, el("option", { value: "" }, "(keep)"), i.options.map((o) => el("option", { value: o }, o)));
      else input = el("input", { type: "number", "data-issue": i.id, min: i.min, max: i.max, step: "any", placeholder: "keep (" + i.min + " to " + i.max + ")" });
      t.appendChild(el("tr", {}, el("td", {}, i.label), el("td", {}, input, i.unit ? " " + i.unit : "")));
    }
    proposalBuilt = true;
  }
  async function move(body) {
    const box = clear(document.getElementById("moveerror"));
    try { p.refresh(await api(base + "/move", body)); } catch (e) { showError(box, e); }
  }
  document.getElementById("accept").addEventListener("click", () => move({ move: "accept" }));
  document.getElementById("reject").addEventListener("click", () => move({ move: "reject" }));
  document.getElementById("propose").addEventListener("click", () => {
    const changes = [];
    document.querySelectorAll("#proposal [data-issue]").forEach((x) => { if (x.value !== "") changes.push([x.getAttribute("data-issue"), x.value]); });
    move({ move: "propose", changes: changes });
  });
  document.getElementById("savenote").addEventListener("click", async () => {
    try {
      await api(base + "/note", { note: document.getElementById("note").value });
      document.getElementById("notestatus").textContent = "saved";
    } catch (e) { document.getElementById("notestatus").textContent = e.message; }
  });
  const p = poller(base, render);
})();
