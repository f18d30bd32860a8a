// smsync dashboard: reads the JSON API, renders with DOM nodes only (customer text is never parsed as HTML).
"use strict";

const BUILT_IN = ["urgent", "appointment", "question", "complaint", "spam", "other"];
const SERIES = [
  { key: "messages", label: "Messages", color: "#2457d6" },
  { key: "batches", label: "Batches", color: "#7a4cc2" },
  { key: "llm_calls", label: "LLM calls made", color: "#b3261e" },
  { key: "saved", label: "LLM calls saved", color: "#1e7a46" },
  { key: "replies_sent", label: "Replies sent", color: "#9a5b00" },
];
const seenCategories = new Set(BUILT_IN);
// The inbox: the newest page, reloaded on every refresh, plus any older pages the reader asked for.
const inbox = { query: null, batches: [], next: null, older: false };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  if (response.status === 401) { window.location.assign("/login"); throw new Error("login needed"); }
  const body = await response.json().catch(() => ({}));
  if (response.status === 403) { notice(body.error || "The API is off on this address."); throw new Error("forbidden"); }
  if (!response.ok) throw Object.assign(new Error(body.error || response.statusText), { status: response.status });
  return body;
}

function notice(text) {
  const box = document.getElementById("notice");
  box.textContent = text;
  box.hidden = !text;
}

const fmtTime = (iso) => iso ? new Date(iso).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "—";

function timeLeft(dueIso) {
  const ms = new Date(dueIso).getTime() - Date.now();
  if (ms <= 0) return "closing…";
  const s = Math.ceil(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s left` : `${s}s left`;
}

function categoryChip(c) {
  if (!c) return el("span", { class: "chip", text: "not classified yet" });
  const how = c.method === "llm" ? `LLM${c.model ? " " + c.model : ""}` : "rules";
  return el("span", { class: `chip ${c.category}`, title: `classified by ${how}`,
    text: `${c.category} · ${c.method === "llm" ? "LLM" : "rules"} ${Math.round(c.confidence * 100)}%` });
}

function replyText(r) {
  if (!r) return el("span", { class: "state-pending", text: "reply: after the window" });
  const why = r.reason ? ` (${r.reason})` : "";
  return el("span", { class: `state-${r.status}`, text: `reply: ${r.status}${why}` });
}

function renderStats(s) {
  const tiles = [
    ["Messages", s.messages_received], ["Duplicates", s.duplicates], ["Open batches", s.batches_open],
    ["Done", s.batches_done], ["Failed", s.batches_failed], ["By LLM", s.classified_llm],
    ["By rules", s.classified_rules], ["Replies sent", s.replies_sent], ["Skipped", s.replies_skipped],
    ["Reply failed", s.replies_failed],
  ];
  document.getElementById("stats").replaceChildren(...tiles.map(([label, n]) => el("div", { class: "tile" }, el("b", { text: String(n) }), el("span", { text: label }))));
}

function renderChart(hours) {
  const rows = hours.map((h) => ({ ...h, saved: Math.max(0, h.messages - h.batches) }));
  const max = Math.max(1, ...rows.flatMap((r) => SERIES.map((s) => r[s.key])));
  // Drawn at the container's own width, so lines and labels are never stretched.
  const w = Math.max(240, document.getElementById("chart").clientWidth), h = 120;
  const step = rows.length > 1 ? w / (rows.length - 1) : w;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h + 14}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "Messages, batches, LLM calls made and saved, and replies per hour over the last 24 hours");
  for (const s of SERIES) {
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", rows.map((r, i) => `${(i * step).toFixed(1)},${(h - (r[s.key] / max) * (h - 4)).toFixed(1)}`).join(" "));
    line.setAttribute("fill", "none");
    line.setAttribute("stroke", s.color);
    line.setAttribute("stroke-width", "2");
    svg.append(line);
  }
  for (const [i, r] of rows.entries()) {
    if (i % 6 !== 0) continue;
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", Math.min(i * step, w - 40).toFixed(1));
    label.setAttribute("y", String(h + 12));
    label.setAttribute("font-size", "9");
    label.setAttribute("fill", "#5d6675");
    label.textContent = new Date(r.hour).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    svg.append(label);
  }
  document.getElementById("chart").replaceChildren(svg);
  const totals = Object.fromEntries(SERIES.map((s) => [s.key, rows.reduce((a, r) => a + r[s.key], 0)]));
  document.getElementById("legend").replaceChildren(...SERIES.map((s) => {
    const swatch = el("i");
    swatch.style.background = s.color; // set through CSSOM: the Content-Security-Policy refuses style attributes
    return el("li", {}, swatch, `${s.label}: ${totals[s.key]}`);
  }));
}

function batchRow(b) {
  const open = b.status === "open";
  return el("li", { class: "batch", "data-batch-id": b.id, tabindex: "0", role: "link",
      onclick: () => { location.hash = `#/batch/${b.id}`; },
      onkeydown: (e) => { if (e.key === "Enter") location.hash = `#/batch/${b.id}`; } },
    el("div", { class: "row1" },
      el("span", { class: "sender", text: b.sender }),
      el("span", { class: "chip", text: `${b.message_count} message${b.message_count === 1 ? "" : "s"}` }),
      el("span", { class: "chip", text: b.status }),
      el("span", { class: "when", text: fmtTime(b.opened_at) })),
    el("p", { class: "text", text: b.text_truncated ? `${b.text}…` : (b.text || "(no text)") }),
    el("div", { class: "row2" },
      open ? el("span", { class: "countdown", "data-due": b.due_at, text: timeLeft(b.due_at) }) : categoryChip(b.classification),
      open ? null : replyText(b.reply)));
}

function filterQuery() {
  const params = new URLSearchParams();
  for (const [name, id] of [["category", "f-category"], ["status", "f-status"], ["q", "f-q"]]) {
    const value = document.getElementById(id).value.trim();
    if (value) params.set(name, value);
  }
  params.set("limit", "100");
  return params.toString();
}

function renderInbox() {
  const batches = inbox.batches;
  for (const b of batches) if (b.classification) seenCategories.add(b.classification.category);
  const select = document.getElementById("f-category");
  const have = new Set([...select.options].map((o) => o.value));
  for (const c of [...seenCategories].sort()) if (!have.has(c)) select.append(el("option", { value: c, text: c }));
  document.getElementById("inbox").replaceChildren(...batches.map(batchRow));
  document.getElementById("empty").hidden = batches.length > 0;
  document.getElementById("older").hidden = !inbox.next;
}

async function loadInbox() {
  const query = filterQuery();
  const body = await api(`/api/batches?${query}`);
  if (query !== inbox.query || !inbox.older || !body.next) {
    Object.assign(inbox, { query, batches: body.batches, next: body.next, older: false });
  } else {
    // Older pages stay as loaded; keep those of their batches that new arrivals pushed off the newest page.
    const fresh = new Set(body.batches.map((b) => b.id));
    const boundary = Date.parse(body.batches[body.batches.length - 1].opened_at);
    inbox.batches = body.batches.concat(inbox.batches.filter((b) => !fresh.has(b.id) && Date.parse(b.opened_at) <= boundary));
  }
  renderInbox();
}

async function loadOlder() {
  if (!inbox.next) return;
  const body = await api(`/api/batches?${inbox.query}&before=${encodeURIComponent(inbox.next)}`);
  const have = new Set(inbox.batches.map((b) => b.id));
  Object.assign(inbox, { batches: inbox.batches.concat(body.batches.filter((b) => !have.has(b.id))), next: body.next, older: true });
  renderInbox();
}

function tickCountdowns() {
  for (const node of document.querySelectorAll(".countdown[data-due]")) node.textContent = timeLeft(node.dataset.due);
}

function back() {
  return el("a", { class: "back", href: "#/", text: "← Inbox" });
}

async function renderBatch(id) {
  const b = await api(`/api/batches/${encodeURIComponent(id)}`);
  const c = b.classification, r = b.reply;
  const view = document.getElementById("batch-view");
  view.replaceChildren(back(),
    el("h1", { text: `Batch from ${b.sender}` }),
    el("dl", {},
      el("dt", { text: "Sender" }), el("dd", {}, el("a", { href: `#/sender/${encodeURIComponent(b.sender)}`, text: b.sender })),
      el("dt", { text: "To" }), el("dd", { text: b.to || "—" }),
      el("dt", { text: "Status" }), el("dd", { text: b.status === "open" ? `open, ${timeLeft(b.due_at)}` : b.status }),
      el("dt", { text: "Opened" }), el("dd", { text: fmtTime(b.opened_at) }),
      el("dt", { text: "Closed" }), el("dd", { text: fmtTime(b.closed_at) }),
      el("dt", { text: "Category" }), el("dd", { text: c ? `${c.category} (${Math.round(c.confidence * 100)}%)` : "not classified yet" }),
      el("dt", { text: "Classified by" }), el("dd", { text: c ? (c.method === "llm" ? `LLM ${c.model || ""}` : "offline rules") : "—" }),
      el("dt", { text: "Reply" }), el("dd", {}, r ? replyText(r) : el("span", { text: "after the window" })),
      el("dt", { text: "Reply text" }), el("dd", { text: r && r.text ? r.text : "—" })),
    el("h2", { text: `${b.message_count} message${b.message_count === 1 ? "" : "s"}` }),
    el("ol", { class: "messages" }, ...b.messages.map((m) => el("li", {}, m.text || "(no text)",
      el("time", { datetime: m.received_at, text: `received ${fmtTime(m.received_at)}${m.sent_at ? ` · sent ${fmtTime(m.sent_at)}` : ""}` })))));
}

async function renderSender(number) {
  const view = document.getElementById("sender-view");
  let s;
  try {
    s = await api(`/api/senders/${encodeURIComponent(number)}`);
  } catch (e) {
    if (e.status === 404) { view.replaceChildren(back(), el("p", { text: `No messages from ${number}.` })); return; }
    throw e;
  }
  view.replaceChildren(back(),
    el("h1", { text: s.number }),
    el("dl", {},
      el("dt", { text: "Opt-out" }), el("dd", { id: "opt-out-state", text: s.opted_out ? `opted out ${fmtTime(s.opted_out_at)} (STOP)` : "subscribed" }),
      el("dt", { text: "Last reply" }), el("dd", { text: s.last_reply ? `${s.last_reply.status} ${fmtTime(s.last_reply.at)}: ${s.last_reply.text || ""}` : "none" })),
    el("h2", { text: "Recent batches" }),
    el("ol", { class: "inbox" }, ...s.recent_batches.map(batchRow)));
}

function route() {
  const hash = location.hash;
  const batch = hash.match(/^#\/batch\/(.+)$/);
  const sender = hash.match(/^#\/sender\/(.+)$/);
  document.getElementById("inbox-view").hidden = Boolean(batch || sender);
  document.getElementById("batch-view").hidden = !batch;
  document.getElementById("sender-view").hidden = !sender;
  if (batch) return renderBatch(decodeURIComponent(batch[1]));
  if (sender) return renderSender(decodeURIComponent(sender[1]));
  return loadInbox();
}

async function refresh() {
  try {
    const jobs = [api("/api/stats").then(renderStats), route()];
    if (!document.getElementById("inbox-view").hidden) {
      jobs.push(api("/api/timeline").then((body) => renderChart(body.hours)));
    }
    await Promise.all(jobs);
    document.getElementById("live").classList.remove("stale");
    document.getElementById("live").textContent = "live";
  } catch (e) {
    document.getElementById("live").classList.add("stale");
    document.getElementById("live").textContent = "offline, retrying";
  }
}

window.addEventListener("hashchange", refresh);
document.getElementById("filters").addEventListener("input", refresh);
document.getElementById("filters").addEventListener("submit", (e) => e.preventDefault());
document.getElementById("older").addEventListener("click", () => loadOlder().catch((e) => notice(e.message)));
setInterval(refresh, 2000);
setInterval(tickCountdowns, 1000);
refresh();
