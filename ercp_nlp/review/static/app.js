// The review page. Every piece of note data goes into the page through textContent or
// createTextNode, never as HTML (no HTML-parsing sink), so a note that contains markup is shown as text.
"use strict";

const TECHNIQUES = ["balloon", "basket", "mechanical_lithotripsy", "electrohydraulic_lithotripsy",
  "laser_lithotripsy"];
const TECHNIQUE_NAMES = {
  balloon: "Balloon", basket: "Basket", mechanical_lithotripsy: "Mechanical lithotripsy",
  electrohydraulic_lithotripsy: "Electrohydraulic lithotripsy", laser_lithotripsy: "Laser lithotripsy",
};
const STONES = ["removed", "not_removed", "none_found", null];
const STONE_NAMES = { removed: "Removed", not_removed: "Not removed", none_found: "None found", null: "Not an ERCP / blank" };
const ASSERTION_NAMES = {
  performed: "performed", negated: "negated", planned: "planned", historical: "historical",
  attempted_failed: "attempted, failed", uncertain: "uncertain",
};

const csrf = document.querySelector('meta[name="csrf-token"]').content;
const main = document.getElementById("main");
const reviewerInput = document.getElementById("reviewer");

const view = {
  mode: "worklist", filters: { tag: "", code: "", status: "all", reviewer: "" },
  list: [], selected: 0, note: null, draft: null, saving: false,
};

// ---------------------------------------------------------------- helpers
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "style") Object.assign(el.style, v); // CSSOM: allowed by the CSP, unlike style=""
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function pct(p) { return p === null || p === undefined ? "–" : Math.round(p * 100) + "%"; }
function labelName(l) { return TECHNIQUE_NAMES[l] || String(l).replace(/_/g, " "); }
function stoneName(v) { return STONE_NAMES[v === undefined ? null : v]; }
function cssToken(s) { return String(s).replace(/[^a-z0-9_]/gi, "_"); }

function toast(msg, kind) {
  const t = document.getElementById("toast");
  t.textContent = msg;
  t.className = "show " + (kind || "");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.className = ""; }, 3500);
}

async function api(path, body) {
  const opts = { credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    opts.method = "POST";
    opts.headers["Content-Type"] = "application/json";
    opts.headers["X-CSRF-Token"] = csrf;
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(path, opts);
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (!res.ok) {
    const detail = data && typeof data.detail === "string" ? data.detail : "request failed (" + res.status + ")";
    const err = new Error(detail);
    err.status = res.status;
    err.data = data;
    throw err;
  }
  return data;
}

function setCounts(c) {
  document.getElementById("count-done").textContent = c.done;
  document.getElementById("count-left").textContent = c.left;
  document.getElementById("progress-fill").style.width = (c.total ? (100 * c.done / c.total) : 0) + "%";
}

function query() {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(view.filters)) if (v && !(k === "status" && v === "all")) q.set(k, v);
  return q.toString();
}

async function loadList() {
  const data = await api("/api/worklist?" + query());
  view.list = data.items.map((i) => i.note_id);
  setCounts(data.counts);
  return data;
}

// ---------------------------------------------------------------- worklist
function techniqueChips(state) {
  const on = TECHNIQUES.filter((t) => state[t]);
  if (!on.length) return h("span", { class: "muted" }, "none");
  return on.map((t) => h("span", { class: "chip lbl-" + t }, labelName(t)));
}

async function showWorklist() {
  view.mode = "worklist";
  view.note = null;
  let data;
  try { data = await loadList(); } catch (e) { main.replaceChildren(h("p", { class: "error" }, e.message)); return; }
  document.title = "Worklist · ERCP review";
  const sel = (name, options) => h("select", {
    id: "filter-" + name, "aria-label": name,
    onchange: (ev) => { view.filters[name] = ev.target.value; view.selected = 0; showWorklist(); },
  }, options.map(([v, text]) => {
    const o = h("option", { value: v }, text);
    if (view.filters[name] === v) o.selected = true;
    return o;
  }));
  const filters = h("div", { class: "filters" },
    h("label", {}, "Tag ", sel("tag", [["", "any"], ...TECHNIQUES.map((t) => [t, labelName(t)]),
      ...STONES.filter(Boolean).map((s) => [s, "stones: " + stoneName(s)])])),
    h("label", {}, "Suggested code ", sel("code", [["", "any"], ...data.codes.map((c) => [c, c])])),
    h("label", {}, "Status ", sel("status", [["all", "all"], ["unreviewed", "unreviewed"], ["reviewed", "reviewed"]])),
    h("label", {}, "Reviewer ", sel("reviewer", [["", "anyone"], ...data.reviewers.map((r) => [r, r])])),
    h("span", { class: "shown" }, data.counts.shown + " of " + data.counts.total + " notes shown"));
  if (view.selected >= data.items.length) view.selected = Math.max(0, data.items.length - 1);
  const rows = data.items.map((item, i) => h("tr", {
    class: (i === view.selected ? "selected " : "") + (item.reviewed ? "reviewed" : "todo"),
    dataset: { noteId: item.note_id }, onclick: () => openNote(item.note_id),
  },
  h("td", { class: "num" }, String(i + 1)),
  h("td", {}, h("a", { href: "#/note/" + encodeURIComponent(item.note_id), class: "note-link" }, item.note_id)),
  h("td", {}, item.status === "error" ? h("span", { class: "badge err" }, "tagging error") : null,
    item.needs_review ? h("span", { class: "badge warn", title: item.review_reasons.join("; ") }, "needs review") : null),
  h("td", {}, h("span", { class: "margin", title: "probability margin: 0 is a coin toss" },
    h("span", { class: "margin-fill", style: { width: Math.round(item.margin * 100) + "%" } })),
  h("span", { class: "muted small" }, " " + item.margin.toFixed(2))),
  h("td", {}, techniqueChips(item.state)),
  h("td", {}, item.state.stones ? stoneName(item.state.stones) : h("span", { class: "muted" }, "–")),
  h("td", {}, item.suggested_cpt.length ? item.suggested_cpt.join(", ") : h("span", { class: "muted" }, "–")),
  h("td", {}, item.reviewed ? h("span", { class: "badge ok" }, "✓ " + item.reviewer) : h("span", { class: "muted" }, "to do"))));
  const table = h("table", { class: "worklist", id: "worklist" },
    h("thead", {}, h("tr", {}, ["#", "Note", "Priority", "Confidence", "Techniques", "Stones", "Suggested CPT", "Reviewed"].map((t) => h("th", {}, t)))),
    h("tbody", {}, rows));
  main.replaceChildren(h("section", { class: "card" }, h("h1", {}, "Worklist"), filters,
    data.items.length ? table : h("p", { class: "empty" }, "No notes match these filters.")));
  scrollSelected();
}

function scrollSelected() {
  const row = main.querySelector("tr.selected");
  if (row) row.scrollIntoView({ block: "nearest" });
}

function moveSelection(delta) {
  const rows = main.querySelectorAll("#worklist tbody tr");
  if (!rows.length) return;
  rows[view.selected]?.classList.remove("selected");
  view.selected = Math.min(rows.length - 1, Math.max(0, view.selected + delta));
  rows[view.selected].classList.add("selected");
  scrollSelected();
}

function openNote(id) { location.hash = "#/note/" + encodeURIComponent(id); }

// ---------------------------------------------------------------- note text
function renderText(text, mentions, sections) {
  const points = new Set([0, text.length]);
  mentions.forEach((m) => { points.add(m.start); points.add(m.end); });
  sections.forEach((s) => { points.add(s.start); if (s.header_end) points.add(s.header_end); });
  const cuts = [...points].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  const out = h("div", { class: "note-text", id: "note-text" });
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i], b = cuts[i + 1];
    const seg = text.slice(a, b);
    const sec = sections.find((s) => s.start === a);
    if (sec && a > 0 && text[a - 1] !== "\n") out.appendChild(h("span", { class: "sec-break" }));
    // The section's name, when it says more than the header itself (e.g. "technique" for "DESCRIPTION:").
    if (sec && sec.name.toLowerCase() !== text.slice(sec.start, sec.header_end || sec.start).replace(/:\s*$/, "").trim().toLowerCase()) {
      out.appendChild(h("span", { class: "sec-name" }, sec.name.toLowerCase()));
    }
    const inHeader = sections.some((s) => s.header_end && a >= s.start && b <= s.header_end);
    const active = mentions.filter((m) => m.start <= a && m.end >= b);
    let node;
    if (!active.length) {
      node = document.createTextNode(seg);
    } else {
      const inner = active.reduce((x, y) => (y.start > x.start || (y.start === x.start && y.end < x.end) ? y : x));
      node = h("mark", {
        class: "ent lbl-" + cssToken(inner.label) + " as-" + cssToken(inner.assertion) + (active.length > 1 ? " nested" : ""),
        title: active.map((m) => labelName(m.label) + " · " + ASSERTION_NAMES[m.assertion] + (m.section ? " · " + m.section : "")).join("\n"),
        dataset: { mention: String(mentions.indexOf(inner)), label: inner.label, assertion: inner.assertion },
      }, seg);
      active.filter((m) => m.end === b).forEach((m) => node.appendChild(h("span", { class: "ent-tag" },
        labelName(m.label) + (m.assertion !== "performed" ? " · " + ASSERTION_NAMES[m.assertion] : ""))));
    }
    out.appendChild(inHeader ? h("span", { class: "sec-head" }, node) : node);
  }
  return out;
}

function flashMention(start, end) {
  const m = view.note.mentions.findIndex((x) => x.start === start && x.end === end);
  const el = main.querySelector('mark[data-mention="' + m + '"]');
  if (!el) return;
  el.scrollIntoView({ block: "center", behavior: "smooth" });
  el.classList.add("flash");
  setTimeout(() => el.classList.remove("flash"), 1200);
}

function legend(mentions) {
  const labels = [...new Set(mentions.map((m) => m.label))];
  const asserts = [...new Set(mentions.map((m) => m.assertion))];
  return h("div", { class: "legend" },
    labels.map((l) => h("span", { class: "chip lbl-" + cssToken(l) }, labelName(l))),
    asserts.filter((a) => a !== "performed").map((a) => h("mark", { class: "ent lbl-neutral as-" + a }, ASSERTION_NAMES[a])));
}

// ---------------------------------------------------------------- note view
function evidenceList(items) {
  if (!items || !items.length) return null;
  return h("ul", { class: "evidence" }, items.map((e) => h("li", {
    onclick: () => flashMention(e.start, e.end), title: "show in the note",
  }, h("span", { class: "badge as as-" + cssToken(e.assertion) }, ASSERTION_NAMES[e.assertion] || e.assertion),
  e.section ? h("span", { class: "section-tag" }, e.section) : null,
  h("q", {}, e.sentence || e.text))));
}

function probBar(p, tagged) {
  return h("span", { class: "prob" + (tagged ? " on" : "") },
    h("span", { class: "prob-fill", style: { width: (p === null || p === undefined ? 0 : Math.round(p * 100)) + "%" } }),
    h("span", { class: "prob-text" }, pct(p)));
}

function changed() {
  const s = view.note.state, d = view.draft;
  return TECHNIQUES.some((t) => s[t] !== d[t]) || (s.stones || null) !== (d.stones || null);
}

function renderDecisionState() {
  const d = view.draft, sug = view.note.suggested;
  TECHNIQUES.forEach((t) => {
    const box = document.getElementById("tech-" + t);
    if (!box) return;
    box.checked = !!d[t];
    box.closest(".tech").classList.toggle("differs", !!d[t] !== !!sug[t]);
  });
  STONES.forEach((v) => {
    const r = document.getElementById("stones-" + (v || "blank"));
    if (r) r.checked = (d.stones || null) === v;
  });
  const dirty = document.getElementById("dirty");
  if (dirty) dirty.textContent = changed() ? "unsaved changes" : "";
}

async function showNote(id) {
  view.mode = "note";
  let note;
  try {
    [note] = await Promise.all([api("/api/notes/" + encodeURIComponent(id)), view.list.length ? null : loadList()]);
  } catch (e) {
    main.replaceChildren(h("p", { class: "error" }, e.status === 404 ? "No note " + id + "." : e.message));
    return;
  }
  view.note = note;
  view.draft = Object.assign({}, note.state);
  document.title = note.note_id + " · ERCP review";
  const pos = view.list.indexOf(note.note_id);
  const sug = note.suggestion;
  const techs = TECHNIQUES.map((t, i) => {
    const tag = (sug.techniques || {})[t] || {};
    return h("div", { class: "tech" },
      h("label", { class: "tech-head" },
        h("input", { type: "checkbox", id: "tech-" + t, onchange: (ev) => { view.draft[t] = ev.target.checked ? 1 : 0; renderDecisionState(); } }),
        h("kbd", {}, String(i + 1)),
        h("span", { class: "chip lbl-" + t }, labelName(t)),
        h("span", { class: "suggest" }, tag.tagged ? "suggested" : "not suggested"),
        probBar(tag.probability, tag.tagged)),
      evidenceList(tag.evidence));
  });
  const stones = sug.stones || {};
  const stoneRadios = STONES.map((v, i) => h("label", { class: "radio" },
    h("input", { type: "radio", name: "stones", id: "stones-" + (v || "blank"),
      onchange: () => { view.draft.stones = v; renderDecisionState(); } }),
    h("kbd", {}, String(6 + i)), stoneName(v)));
  const history = note.history.length ? h("ol", { class: "history" }, note.history.slice().reverse().map((d) => {
    const diffs = Object.keys(d.after).filter((k) => d.after[k] !== d.before[k])
      .map((k) => labelName(k) + ": " + (k === "stones" ? stoneName(d.before[k]) + " → " + stoneName(d.after[k]) : (d.before[k] ? "yes" : "no") + " → " + (d.after[k] ? "yes" : "no")));
    return h("li", {}, h("b", {}, d.reviewer), " ", d.action === "accept" ? "accepted the suggestion" : "set the labels",
      h("span", { class: "muted small" }, " " + new Date(d.decided_at).toLocaleString()),
      diffs.length ? h("div", { class: "small" }, diffs.join("; ")) : null,
      d.comment ? h("blockquote", {}, d.comment) : null);
  })) : h("p", { class: "muted" }, "No decision yet.");
  const status = [];
  if (sug.status === "error") status.push(h("span", { class: "badge err" }, "tagging error: " + (sug.error || "unknown")));
  if (note.needs_review) status.push(h("span", { class: "badge warn" }, "needs review"));
  if (note.reviewed) status.push(h("span", { class: "badge ok", id: "reviewed-badge" }, "reviewed by " + note.reviewer));
  else status.push(h("span", { class: "badge todo", id: "reviewed-badge" }, "not reviewed"));

  main.replaceChildren(
    h("div", { class: "note-bar" },
      h("a", { href: "#/", class: "back" }, "← Worklist"),
      h("h1", { id: "note-id" }, note.note_id),
      h("span", { class: "muted" }, pos >= 0 ? (pos + 1) + " of " + view.list.length : ""),
      h("span", { class: "status" }, status),
      h("span", { class: "spacer" }),
      h("button", { class: "ghost", onclick: () => step(-1), disabled: pos <= 0 }, "‹ prev (k)"),
      h("button", { class: "ghost", onclick: () => step(1), disabled: pos < 0 || pos >= view.list.length - 1 }, "next (j) ›")),
    h("div", { class: "note-grid" },
      h("article", { class: "card note" },
        h("div", { class: "card-head" }, h("h2", {}, "Note"),
          h("span", { class: "muted small" }, note.mentions.length + " mentions · model " + ((sug.model || {}).name || "?") + " " + ((sug.model || {}).version || ""))),
        legend(note.mentions),
        renderText(note.text, note.mentions, note.sections)),
      h("aside", { class: "panel" },
        h("section", { class: "card" }, h("h2", {}, "Techniques"), techs),
        h("section", { class: "card" }, h("h2", {}, "Stones outcome"),
          h("p", { class: "small" }, "Suggested: ", h("b", {}, stoneName(stones.value)), " ", probBar(stones.probability, true)),
          h("div", { class: "radios" }, stoneRadios), evidenceList(stones.evidence)),
        h("section", { class: "card" }, h("h2", {}, "Suggested codes"),
          h("div", { class: "codes" }, (sug.suggested_cpt || []).length
            ? sug.suggested_cpt.map((c) => h("span", { class: "code" }, c)) : h("span", { class: "muted" }, "none")),
          (sug.cpt_reasons || []).length ? h("ul", { class: "reasons" }, sug.cpt_reasons.map((r) => h("li", {}, r))) : null,
          (sug.flags || []).length ? h("div", { class: "flags" }, h("h3", {}, "Flags"), h("ul", {}, sug.flags.map((f) => h("li", {}, f)))) : null,
          (sug.review_reasons || []).length ? h("div", { class: "flags" }, h("h3", {}, "Why review"), h("ul", {}, sug.review_reasons.map((f) => h("li", {}, f)))) : null),
        h("section", { class: "card decide" }, h("h2", {}, "Decision"),
          h("textarea", { id: "comment", rows: 2, placeholder: "Optional comment (c)", maxlength: 4000 }),
          h("div", { class: "buttons" },
            h("button", { id: "accept", class: "primary", onclick: () => decide(true) }, "Accept suggestion (a)"),
            h("button", { id: "save", onclick: () => decide(false) }, "Save labels (s)"),
            h("span", { id: "dirty", class: "dirty" }))),
        h("section", { class: "card" }, h("h2", {}, "History"), history))));
  renderDecisionState();
}

async function decide(accept) {
  if (view.saving || !view.note) return;
  const reviewer = reviewerInput.value.trim();
  if (!reviewer) { toast("Type your name in the Reviewer box first.", "err"); reviewerInput.focus(); return; }
  const body = { reviewer, accept, base: view.note.latest_decision_id, comment: document.getElementById("comment").value || null };
  if (!accept) body.labels = view.draft;
  view.saving = true;
  try {
    const res = await api("/api/notes/" + encodeURIComponent(view.note.note_id) + "/decision", body);
    setCounts(res.counts);
    toast((accept ? "Accepted " : "Saved ") + view.note.note_id, "ok");
    const pos = view.list.indexOf(view.note.note_id);
    if (pos >= 0 && pos < view.list.length - 1) openNote(view.list[pos + 1]);
    else showNote(view.note.note_id);
  } catch (e) {
    if (e.status === 409) { toast("Another reviewer saved this note meanwhile; it was reloaded.", "err"); showNote(view.note.note_id); }
    else toast(e.message, "err");
  } finally {
    view.saving = false;
  }
}

function step(delta) {
  const pos = view.list.indexOf(view.note ? view.note.note_id : "");
  const next = view.list[pos + delta];
  if (pos >= 0 && next !== undefined) openNote(next);
}

// ---------------------------------------------------------------- keys and routes
document.addEventListener("keydown", (ev) => {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const t = ev.target;
  if (t && (t.tagName === "INPUT" && t.type !== "checkbox" && t.type !== "radio" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) {
    if (ev.key === "Escape") t.blur();
    return;
  }
  const k = ev.key;
  if (view.mode === "worklist") {
    if (k === "j") moveSelection(1);
    else if (k === "k") moveSelection(-1);
    else if (k === "Enter" || k === "o") {
      const row = main.querySelectorAll("#worklist tbody tr")[view.selected];
      if (row) openNote(row.dataset.noteId);
    } else return;
  } else if (view.mode === "note" && view.note) {
    if (k === "j") step(1);
    else if (k === "k") step(-1);
    else if (k === "a") decide(true);
    else if (k === "s") decide(false);
    else if (k >= "1" && k <= "5") { const tech = TECHNIQUES[+k - 1]; view.draft[tech] = view.draft[tech] ? 0 : 1; renderDecisionState(); }
    else if (k >= "6" && k <= "9") { view.draft.stones = STONES[+k - 6]; renderDecisionState(); }
    else if (k === "c") document.getElementById("comment").focus();
    else if (k === "u" || k === "Escape") location.hash = "#/";
    else return;
  } else return;
  ev.preventDefault();
});

function route() {
  const m = location.hash.match(/^#\/note\/(.+)$/);
  if (m) showNote(decodeURIComponent(m[1]));
  else showWorklist();
}

reviewerInput.value = localStorage.getItem("ercp-review-reviewer") || "";
reviewerInput.addEventListener("input", () => localStorage.setItem("ercp-review-reviewer", reviewerInput.value.trim()));
window.addEventListener("hashchange", route);
route();
