// corpus serve: small progressive enhancements; every page works without this file.
"use strict";

function speakerSuggestions() {
  const input = document.getElementById("speaker");
  const list = document.getElementById("speaker-list");
  if (!input || !list) return;
  let timer = null;
  let last = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const prefix = input.value.trim();
      if (prefix === last) return;
      last = prefix;
      const resp = await fetch("/api/speakers?limit=15&prefix=" + encodeURIComponent(prefix));
      if (!resp.ok) return;
      const data = await resp.json();
      list.replaceChildren(...data.speakers.map((s) => {
        const opt = document.createElement("option");
        opt.value = s.name;
        opt.label = `${s.name} (${s.quotations})`;
        return opt;
      }));
    }, 150);
  });
}

function cleanSubmit() {
  // empty fields stay out of the URL, so shared links hold only the state that matters
  const form = document.getElementById("search-form");
  if (!form) return;
  form.addEventListener("submit", () => {
    for (const el of form.querySelectorAll("input, select")) {
      if (!el.value || (el.type === "checkbox" && !el.checked)) el.disabled = true;
    }
    setTimeout(() => form.querySelectorAll("[disabled]").forEach((el) => { el.disabled = false; }), 0);
  });
}

function documentReader() {
  const text = document.getElementById("text");
  const data = document.getElementById("quotes-data");
  if (!text || !data) return;
  const quotes = JSON.parse(data.textContent);
  let pinned = null;
  const set = (id, value) => { document.getElementById(id).textContent = value || "—"; };

  function show(i) {
    for (const el of text.querySelectorAll(".q.active")) el.classList.remove("active");
    if (i === null) {
      document.getElementById("details-body").hidden = true;
      document.getElementById("details-empty").hidden = false;
      return;
    }
    const q = quotes[i];
    for (const el of text.querySelectorAll(`.q[data-q="${i}"]`)) el.classList.add("active");
    const cue = text.querySelectorAll(`.cue[data-cue="${i}"]`);
    for (const el of text.querySelectorAll(".cue.active")) el.classList.remove("active");
    for (const el of cue) el.classList.add("active");
    set("d-speaker", q.speaker_name || q.speaker || "unknown");
    set("d-kind", q.kind);
    set("d-cue", q.cue);
    set("d-reporter", q.reported_by_name || q.reported_by);
    set("d-method", `${q.method} (confidence ${q.confidence})`);
    document.getElementById("details-body").hidden = false;
    document.getElementById("details-empty").hidden = true;
  }

  const quoteOf = (target) => {
    const el = target.closest && target.closest(".q");
    return el ? Number(el.dataset.q) : null;
  };
  text.addEventListener("mouseover", (ev) => { if (pinned === null) { const i = quoteOf(ev.target); if (i !== null) show(i); } });
  text.addEventListener("mouseout", (ev) => { if (pinned === null && quoteOf(ev.target) !== null) show(null); });
  text.addEventListener("focusin", (ev) => { const i = quoteOf(ev.target); if (i !== null) show(i); });
  text.addEventListener("click", (ev) => {
    if (ev.target.closest("a")) return;  // entity links keep working
    const i = quoteOf(ev.target);
    pinned = (i === null || i === pinned) ? null : i;
    show(pinned);
  });

  let hit = document.getElementById("hit");
  if (!hit && location.hash.length > 1) hit = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (hit) {
    hit.scrollIntoView({ block: "center" });
    const i = quoteOf(hit);
    if (i !== null) { pinned = i; show(i); }
    hit.classList.add("focus");
  }
}

document.addEventListener("DOMContentLoaded", () => {
  speakerSuggestions();
  cleanSubmit();
  documentReader();
});
