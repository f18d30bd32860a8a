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
const MAX_TEXT = 1600;
const seenCategories = new Set(BUILT_IN);
// The inbox: the newest page, reloaded on every refresh, plus any older pages the reader asked for.
const inbox = { query: null, batches: [], next: null, older: false };
// The open thread: its number, the newest page (reloaded on every refresh) and any earlier pages asked for.
const thread = { number: null, items: [], next: null, earlier: [], state: null, shown: null };
let chart = null;

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

async function api(path, method = "GET", body = undefined) {
  const init = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 401) { window.location.assign("/login"); throw new Error("login needed"); }
  const answer = await response.json().catch(() => ({}));
  if (response.status === 403 && method === "GET") { notice(answer.error || "The API is off on this address."); throw new Error("forbidden"); }
  if (!response.ok) throw Object.assign(new Error(answer.error || response.statusText), { status: response.status });
  return answer;
}

function notice(text, id = "notice") {
  const box = document.getElementById(id);
  box.textContent = text || "";
  box.hidden = !text;
}

const fmtTime = (iso) => iso ? new Date(iso).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "—";

// Country calling codes of one or two digits; any other code has three. Enough to split a number for reading.
const CC1 = new Set(["1", "7"]);
const CC2 = new Set(["20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
  "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91",
  "92", "93", "94", "95", "98"]);

/** A number as people write it: +1 650-253-0000 in North America, else the country code and groups; ids as they are. */
function formatNumber(e164) {
  const m = /^\+(\d{7,15})$/.exec(e164 || "");
  if (!m) return e164;
  const digits = m[1];
  if (digits.startsWith("1") && digits.length === 11) {
    return `+1 ${digits.slice(1, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`;
  }
  const ccLength = CC1.has(digits[0]) ? 1 : CC2.has(digits.slice(0, 2)) ? 2 : 3;
  const rest = digits.slice(ccLength);
  const groups = rest.match(/.{1,3}/g) || [];
  if (groups.length > 1 && groups[groups.length - 1].length === 1) {
    groups[groups.length - 2] += groups.pop();
  }
  return `+${digits.slice(0, ccLength)} ${groups.join(" ")}`;
}

function numberNode(e164, tag = "span", attrs = {}) {
  return el(tag, { ...attrs, title: e164, "data-e164": e164, text: formatNumber(e164) });
}

// GSM 03.38: the basic set (one septet each) and the extension table (two septets: escape + char).
const GSM_BASIC = new Set(Array.from("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"));
const GSM_EXTENDED = new Set(Array.from("^{}\\[~]|€\f"));

/** Characters (code points), and how many SMS a text takes: GSM-7 160 (153 per part), else UCS-2 70 (67 per part). */
function smsSegments(text) {
  const chars = Array.from(text);
  let septets = 0, gsm = true;
  for (const c of chars) {
    if (GSM_BASIC.has(c)) septets += 1;
    else if (GSM_EXTENDED.has(c)) septets += 2;
    else { gsm = false; break; }
  }
  if (gsm) return { chars: chars.length, encoding: "GSM-7", segments: septets <= 160 ? (septets ? 1 : 0) : Math.ceil(septets / 153) };
  const units = text.length; // UTF-16 code units: a character outside the BMP takes two
  return { chars: chars.length, encoding: "UCS-2", segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

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
  const line = [`${s.messages_received} messages`, `${s.batches_open} open`, `${s.replies_sent} replies sent`];
  if (s.batches_failed) line.push(`${s.batches_failed} ${s.batches_failed === 1 ? "batch" : "batches"} failed`);
  if (s.replies_failed) line.push(`${s.replies_failed} ${s.replies_failed === 1 ? "reply" : "replies"} failed`);
  document.getElementById("stats-line").textContent = line.join(" · ");
  document.getElementById("stats-tiles").replaceChildren(...tiles.map(([label, n]) => el("div", { class: "tile" }, el("b", { text: String(n) }), el("span", { text: label }))));
}

function renderChart(hours) {
  const rows = hours.map((h) => ({ ...h, saved: Math.max(0, h.messages - h.batches) }));
  const data = [rows.map((r) => Date.parse(r.hour) / 1000), ...SERIES.map((s) => rows.map((r) => r[s.key]))];
  const box = document.getElementById("chart");
  const width = Math.max(240, box.clientWidth);
  if (chart && chart.width !== width) { chart.destroy(); chart = null; }
  if (!chart) {
    chart = new uPlot({
      width, height: 180,
      cursor: { drag: { x: false, y: false } },
      scales: { y: { range: (u, min, max) => [0, Math.max(4, max)] } },
      axes: [
        { stroke: "#5d6675", grid: { stroke: "#eef0f3" }, values: (u, ticks) => ticks.map((t) => new Date(t * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })) },
        { stroke: "#5d6675", grid: { stroke: "#eef0f3" }, size: 40, values: (u, ticks) => ticks.map((t) => Number.isInteger(t) ? String(t) : "") },
      ],
      series: [
        { label: "Hour", value: (u, t) => t == null ? "—" : new Date(t * 1000).toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit" }) },
        ...SERIES.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: false } })),
      ],
    }, data, box);
  } else {
    chart.setData(data);
  }
  const totals = Object.fromEntries(SERIES.map((s) => [s.key, rows.reduce((a, r) => a + r[s.key], 0)]));
  document.getElementById("legend").replaceChildren(...SERIES.map((s) => {
    const swatch = el("i");
    swatch.style.background = s.color; // set through CSSOM: the Content-Security-Policy refuses style attributes
    return el("li", {}, swatch, `${s.label}: ${totals[s.key]}`);
  }));
}

async function setHandled(b, handled) {
  try {
    await api(`/api/batches/${encodeURIComponent(b.id)}/handled`, "PUT", { handled });
    notice("");
    await loadInbox();
  } catch (e) {
    notice(e.message);
  }
}

function batchRow(b) {
  const open = b.status === "open";
  const go = () => { location.hash = `#/sender/${encodeURIComponent(b.sender)}`; };
  const handled = el("button", { type: "button", class: `small handle${b.handled ? " on" : ""}`,
    "aria-pressed": String(b.handled), text: b.handled ? "Handled ✓" : "Mark handled",
    onclick: (e) => { e.stopPropagation(); setHandled(b, !b.handled); } });
  return el("li", { class: `batch${b.handled ? " handled" : ""}`, "data-batch-id": b.id, tabindex: "0", role: "link",
      onclick: go, onkeydown: (e) => { if (e.key === "Enter" && e.target === e.currentTarget) go(); } },
    el("div", { class: "row1" },
      numberNode(b.sender, "span", { class: "sender" }),
      el("span", { class: "chip", text: `${b.message_count} message${b.message_count === 1 ? "" : "s"}` }),
      el("span", { class: "chip", text: b.status }),
      el("span", { class: "when", text: fmtTime(b.opened_at) })),
    el("p", { class: "text", text: b.text_truncated ? `${b.text}…` : (b.text || "(no text)") }),
    el("div", { class: "row2" },
      open ? el("span", { class: "countdown", "data-due": b.due_at, text: timeLeft(b.due_at) }) : categoryChip(b.classification),
      open ? null : replyText(b.reply),
      el("a", { class: "details", href: `#/batch/${encodeURIComponent(b.id)}`, text: "details", onclick: (e) => e.stopPropagation() }),
      handled));
}

function filterQuery() {
  const params = new URLSearchParams();
  for (const [name, id] of [["category", "f-category"], ["status", "f-status"], ["q", "f-q"], ["handled", "f-handled"]]) {
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
  const empty = document.getElementById("empty");
  empty.hidden = batches.length > 0;
  const filtered = /(^|&)(q|category|status|handled=true)=/.test(inbox.query || "");
  empty.textContent = filtered ? "Nothing matches." : document.getElementById("f-handled").value === "false"
    ? "No batches yet. Texts posted to a webhook appear here; handled ones are under Show: all." : "No batches yet. Texts posted to a webhook appear here.";
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

async function renderBatch(id) {
  const b = await api(`/api/batches/${encodeURIComponent(id)}`);
  const c = b.classification, r = b.reply;
  const view = document.getElementById("batch-view");
  view.replaceChildren(el("a", { class: "back", href: "#/", text: "← Inbox" }),
    el("h1", {}, "Batch from ", numberNode(b.sender)),
    el("dl", {},
      el("dt", { text: "Sender" }), el("dd", {}, el("a", { href: `#/sender/${encodeURIComponent(b.sender)}`, title: b.sender, text: formatNumber(b.sender) })),
      el("dt", { text: "To" }), el("dd", {}, b.to ? numberNode(b.to) : "—"),
      el("dt", { text: "Status" }), el("dd", { text: b.status === "open" ? `open, ${timeLeft(b.due_at)}` : b.status }),
      el("dt", { text: "Handled" }), el("dd", { text: b.handled ? "yes" : "no" }),
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

// ---- the thread view: one sender's conversation, a reply box, the opt-out and actions on each text ----

async function replyAction(path, body, done) {
  try {
    await api(path, "POST", body);
    notice(done, "thread-notice");
    await loadThread();
  } catch (e) {
    notice(e.message, "thread-notice");
  }
}

function outActions(item) {
  const id = encodeURIComponent(item.reply_id);
  if (item.status === "failed") {
    return [el("button", { type: "button", class: "small", text: "Retry",
      onclick: () => replyAction(`/api/replies/${id}/retry`, undefined, "Sending it again.") })];
  }
  if (item.status === "unknown") {
    return [el("span", { class: "hint", text: "Did it arrive?" }),
      el("button", { type: "button", class: "small", text: "It was sent",
        onclick: () => replyAction(`/api/replies/${id}/settle`, { outcome: "sent" }, "Settled as sent.") }),
      el("button", { type: "button", class: "small", text: "It was not sent",
        onclick: () => replyAction(`/api/replies/${id}/settle`, { outcome: "not_sent" }, "Settled as not sent; you can retry it.") })];
  }
  return [];
}

function threadItem(item) {
  if (item.direction === "in") {
    return el("li", { class: "in" }, el("p", { text: item.text || "(no text)" }),
      el("time", { datetime: item.at, text: fmtTime(item.at) }, " · ",
        el("a", { href: `#/batch/${encodeURIComponent(item.batch_id)}`, text: "batch" })));
  }
  const who = item.by === "operator" ? "you" : "auto-reply";
  const delivery = item.delivery && item.delivery !== item.status ? `, ${item.delivery}` : "";
  const state = el("span", { class: `state-${item.status}`, text: item.status + delivery + (item.reason ? ` (${item.reason})` : "") });
  return el("li", { class: `out by-${item.by}`, "data-reply-id": item.reply_id, "data-status": item.status },
    el("p", { text: item.text }),
    el("div", { class: "meta" }, el("time", { datetime: item.at, text: `${who} · ${fmtTime(item.at)}` }), " · ", state),
    el("div", { class: "actions" }, ...outActions(item)));
}

const itemKey = (i) => `${i.direction}|${i.at}|${i.reply_id || i.batch_id}|${i.text}`;

function renderThread() {
  const s = thread.state;
  // Earlier pages stay as loaded, less what the newest page now holds (new lines push older ones down into them).
  const fresh = new Set(thread.items.map(itemKey));
  const earlier = thread.earlier.filter((i) => !fresh.has(itemKey(i)));
  const shown = JSON.stringify([s, earlier, thread.next]);
  if (shown === thread.shown) return; // nothing changed: keep the page as it is (a selection, a focused button)
  thread.shown = shown;
  const heading = document.getElementById("thread-number");
  heading.replaceChildren(numberNode(s.sender));
  const stateText = s.opted_out
    ? (s.opted_out_by === "operator" ? "opted out by an operator" : "opted out (texted STOP)") : "subscribed";
  document.getElementById("opt-out-state").textContent = stateText;
  const toggle = document.getElementById("opt-out-toggle");
  toggle.textContent = s.opted_out ? "Opt back in" : "Opt out";
  toggle.disabled = s.opted_out && s.opted_out_by === "sender";
  toggle.title = toggle.disabled ? "They texted STOP: only their own START opts them back in" : "";
  document.getElementById("thread").replaceChildren(...earlier.concat(thread.items).map(threadItem));
  document.getElementById("thread-earlier").hidden = !thread.next;
}

async function loadThread() {
  const body = await api(`/api/senders/${encodeURIComponent(thread.number)}/conversation?limit=50`);
  const stick = isScrolledToBottom();
  thread.state = body;
  thread.items = body.items;
  if (!thread.earlier.length) thread.next = body.next;
  renderThread();
  if (stick) window.scrollTo(0, document.body.scrollHeight);
}

function isScrolledToBottom() {
  return window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
}

async function loadEarlier() {
  if (!thread.next) return;
  const body = await api(`/api/senders/${encodeURIComponent(thread.number)}/conversation?limit=50&before=${encodeURIComponent(thread.next)}`);
  thread.earlier = body.items.concat(thread.earlier);
  thread.next = body.next;
  renderThread();
}

async function openThread(number) {
  if (thread.number !== number) {
    Object.assign(thread, { number, items: [], next: null, earlier: [], state: null, shown: null });
    notice("", "thread-notice");
    document.getElementById("reply-text").value = "";
    updateCount();
  }
  try {
    await loadThread();
  } catch (e) {
    if (e.status === 404) {
      document.getElementById("thread-number").replaceChildren(numberNode(number));
      document.getElementById("thread").replaceChildren(el("li", { class: "empty", text: `No messages from ${formatNumber(number)}.` }));
      return;
    }
    throw e;
  }
}

function updateCount() {
  const text = document.getElementById("reply-text").value;
  const n = smsSegments(text);
  const over = n.chars > MAX_TEXT;
  const count = document.getElementById("reply-count");
  count.textContent = `${n.chars} / ${MAX_TEXT} characters · ${n.segments} SMS (${n.encoding})`;
  count.classList.toggle("over", over);
  document.getElementById("reply-send").disabled = over || !text.trim();
}

async function sendReply(e) {
  e.preventDefault();
  const box = document.getElementById("reply-text");
  const text = box.value;
  if (!text.trim()) return;
  const button = document.getElementById("reply-send");
  button.disabled = true;
  try {
    await api(`/api/senders/${encodeURIComponent(thread.number)}/messages`, "POST", { text });
    box.value = "";
    notice("", "thread-notice");
    await loadThread();
    window.scrollTo(0, document.body.scrollHeight);
  } catch (err) {
    notice(err.message, "thread-notice");
  } finally {
    updateCount();
  }
}

async function toggleOptOut() {
  const s = thread.state;
  if (!s) return;
  const optedOut = !s.opted_out;
  if (optedOut && !window.confirm(`Opt ${formatNumber(s.sender)} out? Nothing but the HELP answer is sent to them until they or you opt them back in.`)) return;
  try {
    await api(`/api/senders/${encodeURIComponent(s.sender)}/opt-out`, "PUT", { opted_out: optedOut });
    notice(optedOut ? "Opted out." : "Opted back in.", "thread-notice");
    await loadThread();
  } catch (err) {
    notice(err.message, "thread-notice");
  }
}

// ---- the audit list ----

const audit = { items: [], next: null, older: false };
const ACTIONS = { "reply.send": "texted", "reply.retry": "retried a reply", "reply.settle": "settled a reply",
  "sender.opt_out": "opted out", "sender.opt_in": "opted back in", "batch.handled": "marked handled", "batch.unhandled": "marked not handled" };

function auditRow(e) {
  const target = /^\+\d+$/.test(e.target)
    ? el("a", { href: `#/sender/${encodeURIComponent(e.target)}`, title: e.target, text: formatNumber(e.target) })
    : e.target.startsWith("b_") ? el("a", { href: `#/batch/${encodeURIComponent(e.target)}`, text: e.target }) : e.target;
  return el("tr", {}, el("td", { text: fmtTime(e.at) }), el("td", { title: e.action, text: ACTIONS[e.action] || e.action }),
    el("td", {}, target), el("td", { text: e.client || "—" }), el("td", { text: e.detail || "" }));
}

async function loadAudit() {
  const body = await api("/api/audit?limit=50");
  if (!audit.older) Object.assign(audit, { items: body.items, next: body.next });
  else {
    const have = new Set(body.items.map((e) => e.at + e.action + e.target));
    audit.items = body.items.concat(audit.items.filter((e) => !have.has(e.at + e.action + e.target)));
  }
  document.getElementById("audit").replaceChildren(...audit.items.map(auditRow));
  document.getElementById("audit-older").hidden = !audit.next;
}

async function loadOlderAudit() {
  if (!audit.next) return;
  const body = await api(`/api/audit?limit=50&before=${encodeURIComponent(audit.next)}`);
  Object.assign(audit, { items: audit.items.concat(body.items), next: body.next, older: true });
  document.getElementById("audit").replaceChildren(...audit.items.map(auditRow));
  document.getElementById("audit-older").hidden = !audit.next;
}

// ---- routing and live updates ----

function route() {
  const hash = location.hash;
  const batch = hash.match(/^#\/batch\/(.+)$/);
  const sender = hash.match(/^#\/sender\/(.+)$/);
  const auditList = hash === "#/audit";
  const events = hash === "#/events";
  document.getElementById("inbox-view").hidden = Boolean(batch || sender || auditList || events);
  document.getElementById("batch-view").hidden = !batch;
  document.getElementById("sender-view").hidden = !sender;
  document.getElementById("audit-view").hidden = !auditList;
  document.getElementById("events-view").hidden = !events;
  if (!sender) Object.assign(thread, { number: null, shown: null });
  if (!auditList) Object.assign(audit, { items: [], next: null, older: false });
  if (auditList) return loadAudit();
  if (events) return renderEvents();
  if (batch) return renderBatch(decodeURIComponent(batch[1]));
  if (sender) return openThread(decodeURIComponent(sender[1]));
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

async function showLogout() {
  try {
    const session = await api("/api/session");
    document.getElementById("logout").hidden = !session.can_log_out;
  } catch (e) {
    // the next refresh says what is wrong
  }
}

window.addEventListener("hashchange", () => { window.scrollTo(0, 0); refresh(); });
document.getElementById("filters").addEventListener("input", refresh);
document.getElementById("filters").addEventListener("submit", (e) => e.preventDefault());
document.getElementById("older").addEventListener("click", () => loadOlder().catch((e) => notice(e.message)));
document.getElementById("audit-older").addEventListener("click", () => loadOlderAudit().catch((e) => notice(e.message)));
document.getElementById("thread-earlier").addEventListener("click", () => loadEarlier().catch((e) => notice(e.message, "thread-notice")));
document.getElementById("reply-form").addEventListener("submit", sendReply);
document.getElementById("reply-text").addEventListener("input", updateCount);
document.getElementById("reply-text").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) document.getElementById("reply-form").requestSubmit();
});
document.getElementById("opt-out-toggle").addEventListener("click", toggleOptOut);
window.addEventListener("resize", () => { if (chart) { chart.destroy(); chart = null; } });
setInterval(refresh, 2000);
setInterval(tickCountdowns, 1000);
updateCount();
showLogout();
refresh();
