"use strict";
/* thainews review page: plain JavaScript, no build step, no libraries.
 *
 * The page shows an article with every extracted value highlighted at its span, the record beside it,
 * lets a person correct it, and saves it as the article's gold file (POST /gold).
 *
 * Offsets. A record's spans count Unicode code points of `body` (Python string indexes). JavaScript
 * strings index UTF-16 code units. Thai is all in the Basic Multilingual Plane, so for Thai text the two
 * agree; a character outside it (an emoji such as 😀, common in posts copied from social media) is one
 * code point but two code units. `Offsets` converts both ways, so highlights and selections stay on the
 * right characters either way. The #article element's text content is exactly `body` (CSS pre-wrap keeps
 * its line breaks), so a DOM selection's offset in it is a UTF-16 offset into `body`.
 */

const FIELD_LABELS = {
  date: "date", time: "time", venue: "venue / place", project: "project", organizer: "organizer",
  official: "official", participant: "participant", count: "participant count", objective: "objective",
  forbidden: "forbidden",
};
/* which gold list a kind of value belongs to (a list that was null in gold becomes annotated once edited) */
const LIST_OF = { organizer: "organizers", official: "officials", participant: "participants", objective: "objectives" };

class Offsets {
  constructor(text) {
    this.astral = /[\uD800-\uDFFF]/.test(text);
    if (!this.astral) return;
    this.toU16 = [];                                  // code point index -> UTF-16 index
    this.toCp = new Int32Array(text.length + 1);      // UTF-16 index -> code point index
    let u = 0, cp = 0;
    for (const ch of text) {                          // for..of walks code points
      this.toU16.push(u);
      this.toCp[u] = cp;
      if (ch.length === 2) this.toCp[u + 1] = cp + 1; // inside a surrogate pair: after the character
      u += ch.length;
      cp += 1;
    }
    this.toU16.push(u);
    this.toCp[u] = cp;
    this.cpLength = cp;
  }
  u16(cp) { return this.astral ? this.toU16[Math.max(0, Math.min(cp, this.toU16.length - 1))] : cp; }
  cp(u) { return this.astral ? this.toCp[u] : u; }
  length(text) { return this.astral ? this.cpLength : text.length; }
}

const S = {
  config: { honorifics: [], root: null },
  path: null,          // the article under --root, or null for pasted text
  body: "",
  rec: null,           // the working copy: ArticleRecord JSON (people may carry "optional")
  extracted: null,     // what the extractor found (to go back to it)
  forbidden: [],       // [{text, span}]
  unannotated: [],     // gold lists that were null ("not annotated")
  off: new Offsets(""),
  values: [],
  dirty: false,
  selection: null,
};

const $ = (sel, root = document) => root.querySelector(sel);

function h(tag, attrs = {}, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k in el && typeof v !== "string") el[k] = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const kid of kids.flat()) if (kid !== null && kid !== undefined && kid !== false)
    el.append(kid instanceof Node ? kid : String(kid));
  return el;
}

function setStatus(msg, kind = "") {
  const el = $("#status");
  el.textContent = msg;
  el.className = kind;
}

async function api(method, url, body) {
  const opts = { method, headers: {} };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(url, opts);
  let data = null;
  try { data = await res.json(); } catch (e) { /* not JSON: use the status line */ }
  if (!res.ok) {
    const msg = data && (data.message || (typeof data.detail === "string" ? data.detail : null));
    throw new Error(msg || `${res.status} ${res.statusText}`);
  }
  return data;
}

const clone = (x) => JSON.parse(JSON.stringify(x));

function event0() {
  if (!S.rec.events || !S.rec.events.length) S.rec.events = [{}];
  const e = S.rec.events[0];
  e.organizers = e.organizers || [];
  e.officials = e.officials || [];
  e.objectives = e.objectives || [];
  e.participants = e.participants || { count: null, people: [], groups: [], count_span: null };
  e.participants.people = e.participants.people || [];
  return e;
}

function validSpan(span) {
  return Array.isArray(span) && span.length === 2 && Number.isInteger(span[0]) && Number.isInteger(span[1])
    && span[0] >= 0 && span[0] < span[1] && span[1] <= S.off.length(S.body);
}

/* every value that can be shown in the text: {id, field, span} */
function collectValues() {
  const out = [];
  if (!S.rec) return out;
  const e = event0();
  const add = (id, field, obj) => out.push({ id, field, span: obj ? obj.span : null });
  if (e.date) add("date", "date", e.date);
  if (e.time) add("time", "time", e.time);
  if (e.venue) add("venue", "venue", e.venue);
  if (e.project) add("project", "project", e.project);
  e.organizers.forEach((o, i) => add(`organizers.${i}`, "organizer", o));
  e.officials.forEach((p, i) => add(`officials.${i}`, "official", p));
  e.participants.people.forEach((p, i) => add(`participants.${i}`, "participant", p));
  if (e.participants.count_span) out.push({ id: "count", field: "count", span: e.participants.count_span });
  e.objectives.forEach((o, i) => add(`objectives.${i}`, "objective", o));
  S.forbidden.forEach((f, i) => add(`forbidden.${i}`, "forbidden", f));
  return out;
}

/* ------------------------------------------------------------------ the article */

function renderArticle() {
  const el = $("#article");
  el.textContent = "";
  const body = S.body;
  const vals = S.values.filter((v) => validSpan(v.span));
  const cuts = new Set([0, body.length]);
  for (const v of vals) {
    v.u = [S.off.u16(v.span[0]), S.off.u16(v.span[1])];
    cuts.add(v.u[0]);
    cuts.add(v.u[1]);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k], b = points[k + 1];
    const text = body.slice(a, b);
    const cover = vals.filter((v) => v.u[0] <= a && b <= v.u[1]);
    if (!cover.length) { frag.append(text); continue; }
    cover.sort((x, y) => (x.u[1] - x.u[0]) - (y.u[1] - y.u[0]));   // the innermost value gives the colour
    frag.append(h("mark", {
      class: `f-${cover[0].field}${cover.length > 1 ? " multi" : ""}`,
      title: cover.map((v) => `${FIELD_LABELS[v.field]} (${v.id})`).join(", "),
      dataset: { v: cover.map((v) => v.id).join(" ") },
    }, text));
  }
  el.append(frag);
  const r = S.rec;
  $("#article-meta").textContent = [S.path || "pasted text", r.published && `published ${r.published}`,
    r.publisher, r.reporter && `reporter ${r.reporter}`].filter(Boolean).join(" · ");
}

function locate(id) {
  const marks = document.querySelectorAll(`#article mark[data-v~="${CSS.escape(id)}"]`);
  if (!marks.length) {
    setStatus(`${id}: not shown in the text (no span: added by hand or not found in the text)`);
    return false;
  }
  marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  for (const m of marks) {
    m.classList.remove("flash");
    void m.offsetWidth;            // restart the animation
    m.classList.add("flash");
  }
  setTimeout(() => marks.forEach((m) => m.classList.remove("flash")), 2500);
  return true;
}

function showInRecord(id) {
  const row = document.querySelector(`#record [data-id="${CSS.escape(id)}"]`);
  if (!row) return;
  row.scrollIntoView({ block: "center", behavior: "smooth" });
  row.classList.remove("flash");
  void row.offsetWidth;
  row.classList.add("flash");
}

/* ------------------------------------------------------------------ the record panel */

function changed() {
  S.dirty = true;
  renderJson();
}

function textInput(get, set, attrs = {}) {
  const tag = attrs.multiline ? "textarea" : "input";
  const el = h(tag, { ...attrs, multiline: null, rows: attrs.multiline ? attrs.multiline : null });
  el.value = get() ?? "";
  const check = () => { if (attrs.pattern) el.classList.toggle("bad", el.value !== "" && !new RegExp(attrs.pattern).test(el.value)); };
  check();
  el.addEventListener("input", () => { set(el.value); check(); changed(); });
  return el;
}

function locButton(id, field, span) {
  const ok = validSpan(span);
  return h("button", {
    type: "button", class: `loc f-${field}${ok ? "" : " nospan"}`, dataset: { loc: id },
    title: ok ? "show in the text" : "not in the text", onclick: () => locate(id),
  });
}

function delButton(onDelete) {
  return h("button", { type: "button", class: "del", title: "remove", onclick: () => { onDelete(); changed(); renderAll(); } }, "×");
}

function section(title, note, ...kids) {
  return [h("h2", {}, title, note ? h("small", {}, note) : null), ...kids];
}

function nullableText(obj, key) {
  return [() => obj[key], (v) => { obj[key] = v.trim() === "" ? null : v; }];
}

function personRow(list, i, field, idPrefix) {
  const p = list[i];
  const id = `${idPrefix}.${i}`;
  const opt = h("input", { type: "checkbox", class: "optional", checked: !!p.optional });
  opt.addEventListener("change", () => { if (opt.checked) p.optional = true; else delete p.optional; changed(); });
  return h("div", { class: "row person", dataset: { id } },
    locButton(id, field, p.span),
    textInput(...nullableText(p, "honorific"), { class: "honorific", placeholder: "honorific" }),
    textInput(() => p.name, (v) => { p.name = v; }, { class: "name", placeholder: "name surname" }),
    delButton(() => list.splice(i, 1)),
    h("span"), textInput(...nullableText(p, "position"), { class: "position", placeholder: "position" }), h("span"),
    h("span"), h("label", { class: "opt" }, opt, " optional (membership arguable)"), h("span"));
}

function simpleRow(list, i, field, idPrefix, key, multiline) {
  const item = list[i];
  const id = `${idPrefix}.${i}`;
  return h("div", { class: "row simple", dataset: { id } },
    locButton(id, field, item.span),
    textInput(() => item[key], (v) => { item[key] = v; }, { class: key, multiline: multiline ? 2 : null }),
    delButton(() => list.splice(i, 1)));
}

function unannotatedNote(list) {
  return S.unannotated.includes(list) ? "not annotated in the gold file (null); adding an item annotates it" : null;
}

function renderRecord() {
  const el = $("#record");
  el.textContent = "";
  const r = S.rec, e = event0();
  const grid = (...rows) => h("div", { class: "grid" }, ...rows.flat());
  const line = (label, input, extra) => [h("label", {}, label), input, extra || h("span")];

  const dateGet = (k) => () => (e.date ? e.date[k] : null);
  const dateSet = (k) => (v) => {
    const val = v.trim() || null;
    if (!e.date) e.date = { text: val || "", start: null, end: null, span: null };
    e.date[k] = val;
    if (!e.date.start && !e.date.end) e.date = null;
  };
  const timeSet = (v) => {
    const val = v.trim() || null;
    if (!val) { e.time = null; return; }
    if (!e.time) e.time = { text: val, start: val, end: null, span: null };
    e.time.start = val;
  };
  const venueSet = (k) => (v) => {
    if (!e.venue) e.venue = { text: "", place: null, subdistrict: null, district: null, province: null, admin_code: null, span: null };
    e.venue[k] = v.trim() || null;
  };
  const projectSet = (v) => {
    if (!v.trim()) { e.project = null; return; }
    if (!e.project) e.project = { name: v, span: null };
    e.project.name = v;
  };
  const countSet = (v) => { e.participants.count = /^\d+$/.test(v.trim()) ? parseInt(v, 10) : (v.trim() ? v : null); };

  el.append(...[
    ...section("Article"),
    grid(
      line("headline", textInput(...nullableText(r, "headline"), { class: "headline", multiline: 2 })),
      line("published", textInput(...nullableText(r, "published"), { class: "published", placeholder: "YYYY-MM-DD", pattern: "^\\d{4}-\\d{2}-\\d{2}$" })),
      line("publisher", textInput(...nullableText(r, "publisher"), { class: "publisher" })),
      line("reporter", textInput(...nullableText(r, "reporter"), { class: "reporter" })),
    ),
    ...section("Event", e.date && e.date.text ? `“${e.date.text}”` : null),
    grid(
      line("date", textInput(dateGet("start"), dateSet("start"), { class: "date", placeholder: "YYYY-MM-DD", pattern: "^\\d{4}-\\d{2}-\\d{2}$" }),
        locButton("date", "date", e.date && e.date.span)),
      line("date end", textInput(dateGet("end"), dateSet("end"), { class: "date-end", placeholder: "YYYY-MM-DD (multi-day)", pattern: "^\\d{4}-\\d{2}-\\d{2}$" })),
      line("time", textInput(() => (e.time ? e.time.start : null), timeSet, { class: "time", placeholder: "HH:MM", pattern: "^\\d{2}:\\d{2}$" }),
        locButton("time", "time", e.time && e.time.span)),
    ),
    ...section("Venue", e.venue && e.venue.admin_code ? `admin code ${e.venue.admin_code}` : null),
    grid(
      line("place", textInput(() => e.venue && e.venue.place, venueSet("place"), { class: "place" }),
        locButton("venue", "venue", e.venue && e.venue.span)),
      line("subdistrict", textInput(() => e.venue && e.venue.subdistrict, venueSet("subdistrict"), { class: "subdistrict" })),
      line("district", textInput(() => e.venue && e.venue.district, venueSet("district"), { class: "district" })),
      line("province", textInput(() => e.venue && e.venue.province, venueSet("province"), { class: "province" })),
    ),
    ...section("Project"),
    grid(line("project", textInput(() => e.project && e.project.name, projectSet, { class: "project", multiline: 2 }),
      locButton("project", "project", e.project && e.project.span))),
    ...section("Organizers", unannotatedNote("organizers")),
    e.organizers.map((_, i) => simpleRow(e.organizers, i, "organizer", "organizers", "name")),
    ...section("Officials", unannotatedNote("officials") || "named people with a title or position"),
    e.officials.map((_, i) => personRow(e.officials, i, "official", "officials")),
    ...section("Participants", unannotatedNote("participants")),
    grid(line("count", textInput(() => e.participants.count, countSet, { class: "count", pattern: "^\\d+$" }),
      locButton("count", "count", e.participants.count_span))),
    e.participants.people.map((_, i) => personRow(e.participants.people, i, "participant", "participants")),
    ...section("Objectives", unannotatedNote("objectives")),
    e.objectives.map((_, i) => simpleRow(e.objectives, i, "objective", "objectives", "text", true)),
    ...section("Forbidden", "strings that are not the article (related posts, adverts)"),
    S.forbidden.map((_, i) => simpleRow(S.forbidden, i, "forbidden", "forbidden", "text")),
    h("p", { class: "note" }, "Select text in the article to add what is missing."),
  ].flat());
  if (r.warnings && r.warnings.length) {
    el.append(...section("Warnings"), h("ul", { class: "warnings" }, r.warnings.map((w) => h("li", {}, w))));
  }
  renderJson();
}

function renderJson() {
  if (!S.rec) return;
  const { body, ...rest } = S.rec;
  $("#json").textContent = JSON.stringify({ ...rest, body: `(${body.length} characters)`,
    forbidden: S.forbidden.map((f) => f.text), unannotated: S.unannotated }, null, 1);
}

function renderLegend() {
  $("#legend").replaceChildren(...Object.entries(FIELD_LABELS).map(([f, label]) => h("span", { class: `f-${f}` }, label)));
}

function renderAll() {
  S.values = collectValues();
  renderArticle();
  renderRecord();
  $("#save").disabled = false;
}

/* ------------------------------------------------------------------ adding from a selection */

function selectionSpan() {
  const sel = window.getSelection();
  if (!S.rec || !sel.rangeCount || sel.isCollapsed) return null;
  const art = $("#article");
  const r = sel.getRangeAt(0);
  if (!art.contains(r.startContainer) || !art.contains(r.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(art);
  before.setEnd(r.startContainer, r.startOffset);
  let a = before.toString().length;
  let b = a + r.toString().length;
  while (a < b && /\s/.test(S.body[a])) a++;
  while (b > a && /\s/.test(S.body[b - 1])) b--;
  if (a >= b) return null;
  return { span: [S.off.cp(a), S.off.cp(b)], text: S.body.slice(a, b), rect: r.getBoundingClientRect() };
}

function parsePerson(text) {
  let t = text.replace(/\s+/g, " ").trim();
  let honorific = null;
  for (const form of S.config.honorifics) {      // longest first
    if (t.startsWith(form) && t.length > form.length) { honorific = form; t = t.slice(form.length).trim(); break; }
  }
  const words = t.split(" ");
  return { honorific, name: words.slice(0, 2).join(" "), position: words.slice(2).join(" ") || null, organization: null };
}

function addFrom(kind, sel) {
  const e = event0();
  let id;
  if (kind === "official" || kind === "participant") {
    const list = kind === "official" ? e.officials : e.participants.people;
    list.push({ ...parsePerson(sel.text), span: sel.span });
    id = `${kind === "official" ? "officials" : "participants"}.${list.length - 1}`;
  } else if (kind === "objective") {
    e.objectives.push({ text: sel.text, span: sel.span });
    id = `objectives.${e.objectives.length - 1}`;
  } else if (kind === "organizer") {
    e.organizers.push({ name: sel.text, span: sel.span });
    id = `organizers.${e.organizers.length - 1}`;
  } else if (kind === "project") {
    e.project = { name: sel.text, span: sel.span };
    id = "project";
  } else if (kind === "place") {
    e.venue = e.venue || { text: sel.text, subdistrict: null, district: null, province: null, admin_code: null };
    e.venue.place = sel.text;
    e.venue.span = sel.span;
    id = "venue";
  } else if (kind === "forbidden") {
    S.forbidden.push({ text: sel.text, span: sel.span });
    id = `forbidden.${S.forbidden.length - 1}`;
  }
  const list = LIST_OF[kind];
  if (list) S.unannotated = S.unannotated.filter((x) => x !== list);
  changed();
  renderAll();
  showInRecord(id);
  setStatus(`added ${FIELD_LABELS[kind]}: ${sel.text.slice(0, 60)}`, "ok");
}

function hideTools() { $("#seltools").hidden = true; S.selection = null; }

function onArticleMouseUp() {
  const sel = selectionSpan();
  const tools = $("#seltools");
  if (!sel) { hideTools(); return; }
  S.selection = sel;
  tools.hidden = false;
  tools.style.left = `${Math.max(4, sel.rect.left + window.scrollX)}px`;
  tools.style.top = `${sel.rect.bottom + window.scrollY + 6}px`;
}

/* ------------------------------------------------------------------ loading and saving */

function load(record, { path = null, review = null } = {}) {
  S.path = path;
  S.extracted = record;
  S.body = record.body;
  S.off = new Offsets(S.body);
  S.rec = clone(review || record);
  S.forbidden = (review ? review.forbidden || [] : []).map((text) => {
    const u = S.body.indexOf(text);
    return { text, span: u >= 0 ? [S.off.cp(u), S.off.cp(u + text.length)] : null };
  });
  S.unannotated = review ? review.unannotated || [] : [];
  S.dirty = false;
  $("#reextract").hidden = !review;
  hideTools();
  renderAll();
  $("#article-pane").scrollTop = 0;
}

async function openFile(path) {
  if (!path) return;
  if (S.dirty && !confirm("Discard your unsaved corrections?")) return;
  setStatus(`opening ${path}…`);
  try {
    const data = await api("GET", `/review/file?path=${encodeURIComponent(path)}`);
    load(data.record, { path: data.path, review: data.review });
    if (data.gold_problems.length) setStatus(`${data.gold_path} has problems, showing the extraction instead (saving replaces it): ${data.gold_problems.join("; ")}`, "error");
    else if (data.review) setStatus(`showing ${data.gold_path} (the saved gold); “Show extraction” shows what the extractor finds`);
    else setStatus(`extracted ${data.path}; correct it and save as ${data.gold_path}`);
  } catch (err) {
    setStatus(`${path}: ${err.message}`, "error");
  }
}

async function extractPasted() {
  const raw = $("#paste-text").value;
  if (!raw.trim()) { setStatus("paste an article first", "error"); return; }
  if (S.dirty && !confirm("Discard your unsaved corrections?")) return;
  const kind = document.querySelector('input[name="paste-kind"]:checked').value;
  const body = { [kind]: raw };
  const published = $("#paste-published").value.trim();
  if (published) body.published = published;
  setStatus("extracting…");
  try {
    const record = await api("POST", "/extract", body);
    load(record);
    $("#file-select").value = "";
    setStatus("extracted the pasted text; “Save gold” downloads its gold file");
  } catch (err) {
    setStatus(err.message, "error");
  }
}

async function saveGold() {
  if (!S.rec) return;
  const payload = { record: S.rec, forbidden: S.forbidden.map((f) => f.text).filter((t) => t.trim()), unannotated: S.unannotated };
  if (S.path) payload.path = S.path; else payload.dry_run = true;
  try {
    const res = await api("POST", "/gold", payload);
    if (res.written) {
      S.dirty = false;
      setStatus(`saved ${res.path}`, "ok");
      const opt = [...$("#file-select").options].find((o) => o.value === S.path);
      if (opt && !opt.textContent.startsWith("✓")) opt.textContent = `✓ ${opt.textContent}`;
    } else {
      const blob = new Blob([JSON.stringify(res.gold, null, 1) + "\n"], { type: "application/json" });
      const a = h("a", { href: URL.createObjectURL(blob), download: "article.gold.json" });
      document.body.append(a);
      a.click();
      a.remove();
      S.dirty = false;
      setStatus("downloaded article.gold.json (pasted text has no file to save beside)", "ok");
    }
  } catch (err) {
    setStatus(`not saved: ${err.message}`, "error");
  }
}

async function loadFiles() {
  try {
    const data = await api("GET", "/review/files");
    const select = $("#file-select");
    for (const f of data.files) select.append(h("option", { value: f.path }, `${f.has_gold ? "✓ " : ""}${f.path}`));
    $("#file-picker").hidden = false;
    setStatus(`${data.files.length} articles under ${data.root}${data.truncated ? " (list cut short)" : ""}; ✓ = has a gold file`);
    const wanted = new URLSearchParams(location.search).get("file");
    if (wanted) { select.value = wanted; openFile(wanted); }
  } catch (err) {
    setStatus(err.message, "error");
  }
}

async function init() {
  renderLegend();
  try {
    S.config = await api("GET", "/review/config");
  } catch (err) {
    setStatus(`cannot reach the server: ${err.message}`, "error");
    return;
  }
  if (S.config.root) loadFiles();
  else { $("#paste-panel").hidden = false; setStatus("no --root folder: paste an article to review it"); }

  $("#file-select").addEventListener("change", (ev) => openFile(ev.target.value));
  $("#paste-toggle").addEventListener("click", () => { $("#paste-panel").hidden = !$("#paste-panel").hidden; });
  $("#paste-go").addEventListener("click", extractPasted);
  $("#save").addEventListener("click", saveGold);
  $("#reextract").addEventListener("click", () => {
    if (S.dirty && !confirm("Discard your unsaved corrections?")) return;
    load(S.extracted, { path: S.path });
    setStatus("showing what the extractor finds; saving replaces the gold file", "");
  });
  const art = $("#article");
  art.addEventListener("mouseup", () => setTimeout(onArticleMouseUp, 0));
  art.addEventListener("click", (ev) => {
    const mark = ev.target.closest("mark");
    if (mark && window.getSelection().isCollapsed) showInRecord(mark.dataset.v.split(" ")[0]);
  });
  const tools = $("#seltools");
  tools.addEventListener("mousedown", (ev) => ev.preventDefault());   // keep the selection
  tools.addEventListener("click", (ev) => {
    const kind = ev.target.dataset.add;
    if (kind && S.selection) { addFrom(kind, S.selection); window.getSelection().removeAllRanges(); hideTools(); }
  });
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") hideTools(); });
  window.addEventListener("beforeunload", (ev) => { if (S.dirty) { ev.preventDefault(); ev.returnValue = ""; } });
}

window.thainewsReview = { state: S, locate, load, addFrom, parsePerson, Offsets };
init();
