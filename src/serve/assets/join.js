"use strict";
document.getElementById("join").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const code = document.getElementById("code").value.trim();
  if (!code) return;
  try {
    const r = await api("/api/join/" + encodeURIComponent(code));
    location.href = r.link;
  } catch (e) { showError(document.getElementById("error"), e); }
});
