// smsync dashboard, event webhooks: endpoints with pause/resume, the latest deliveries with their attempts, "send again".
"use strict";

function act(label, path) {
  return el("button", { type: "button", class: "link", text: label,
    onclick: () => api(path, "POST").then(refresh).catch((e) => notice(e.message)) });
}

function attemptsText(d) {
  if (!d.attempts.length) return "not tried yet";
  return d.attempts.map((a) => a.status_code != null ? String(a.status_code) : "no answer").join(" → ");
}

async function renderEvents() {
  const [endpoints, deliveries] = await Promise.all([api("/api/endpoints"), api("/api/deliveries?limit=50")]);
  const urls = new Map(endpoints.endpoints.map((e) => [e.id, e.url]));
  const view = document.getElementById("events-view");
  view.replaceChildren(el("a", { class: "back", href: "#/", text: "← Inbox" }),
    el("h1", { text: "Event webhooks" }),
    el("h2", { text: "Endpoints" }),
    endpoints.endpoints.length === 0
      ? el("p", { class: "empty", text: "No endpoint. Set SMSYNC_EVENTS_URL, or POST /api/endpoints." })
      : el("ul", { class: "endpoints" }, ...endpoints.endpoints.map((e) => el("li", { "data-endpoint": e.id },
          el("strong", { text: e.url }), " ",
          el("span", { class: `chip state-${e.status}`, text: e.status, title: e.status_reason || "" }), " ",
          el("span", { class: "muted", text: `${e.types.join(", ")} · ${e.source === "env" ? "SMSYNC_EVENTS_URL" : "added through the API"}` }), " ",
          e.status === "active" ? act("Pause", `/api/endpoints/${encodeURIComponent(e.id)}/pause`)
            : act("Resume", `/api/endpoints/${encodeURIComponent(e.id)}/resume`)))),
    el("h2", { text: "Latest deliveries" }),
    deliveries.deliveries.length === 0
      ? el("p", { class: "empty", text: "No delivery yet." })
      : el("ol", { class: "deliveries" }, ...deliveries.deliveries.map((d) => el("li", { "data-delivery": d.id },
          el("span", { class: `chip state-${d.status}`, text: d.status }), " ",
          el("strong", { text: d.type }), " ",
          el("span", { class: "muted", text: `to ${urls.get(d.endpoint_id) || d.endpoint_id} · ${fmtTime(d.created_at)} · attempts: ${attemptsText(d)}` }),
          d.last_error ? el("span", { class: "muted", text: ` · ${d.last_error}` }) : null,
          d.status === "pending" && d.next_attempt_at ? el("span", { class: "muted", text: ` · next try ${fmtTime(d.next_attempt_at)}` }) : null,
          " ", act("Send again", `/api/deliveries/${encodeURIComponent(d.id)}/retry`)))));
}
