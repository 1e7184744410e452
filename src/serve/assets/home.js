"use strict";
(async function () {
  let list;
  try { list = (await api("/api/scenarios")).scenarios; } catch (e) { showError(document.getElementById("error"), e); return; }
  const ul = document.getElementById("scenarios");
  const sel = document.getElementById("scenario");
  for (const s of list) {
    ul.appendChild(el("li", {}, el("a", { href: "/explore/" + encodeURIComponent(s.id) }, s.name), " ", el("span", { class: "muted" }, s.file)));
    sel.appendChild(el("option", { value: s.id }, s.name));
  }
  function parties() {
    const s = list.find((x) => x.id === sel.value);
    const box = clear(document.getElementById("parties"));
    for (const p of s.parties) {
      if (!p.playable) { box.appendChild(el("div", { class: "muted" }, p.name + " (mediator: the engine drafts its text)")); continue; }
      box.appendChild(el("div", {}, el("label", {}, el("input", { type: "checkbox", name: "party", value: p.id, checked: p.role === "belligerent" }), " " + p.name + " ", el("span", { class: "muted" }, p.role))));
    }
  }
  sel.addEventListener("change", parties);
  parties();
  document.getElementById("start").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const chosen = [...document.querySelectorAll("input[name=party]:checked")].map((x) => x.value);
    const body = { scenario: sel.value, parties: chosen, save: document.getElementById("save").checked };
    const seed = document.getElementById("seed").value;
    if (seed !== "") body.seed = Number(seed);
    try {
      const r = await api("/api/exercises", body);
      location.href = r.facilitator;
    } catch (e) { showError(document.getElementById("error"), e); }
  });
})();
