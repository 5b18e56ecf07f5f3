// qkd-macsec dashboard: polls the daemon's API (same origin) every few seconds and renders the links
// table, the key-lifetime timeline, alarms and KME stock. No framework, no build step. Every value from
// the API goes into the page as text (textContent / SVG attributes), never as HTML.
const REFRESH_MS = 5000;
const TOKEN_KEY = "qkd-macsec-api-token";
const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);

const state = { links: [], timeline: [], kmes: [], alarms: { active: [], events: [] }, window: "auto", generatedAt: null, lastOk: null,
  confirm: null, force: new Set(), busy: new Set() };

// --- formatting -----------------------------------------------------------------------------------------
function dur(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "–";
  const neg = seconds < 0;
  let s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  let out;
  if (d > 0) out = `${d} d ${h} h`;
  else if (h > 0) out = `${h} h ${String(m).padStart(2, "0")} m`;
  else if (m > 0) out = `${m} m ${String(s).padStart(2, "0")} s`;
  else out = `${s} s`;
  return neg ? `-${out}` : out;
}
const t = (iso) => (iso ? Date.parse(iso) : null);
function clock(iso) {
  return iso ? new Date(iso).toISOString().substring(11, 19) : "–";
}
// Coarse: "in 58 m", "3 h 04 m ago", "12 s ago" (the exact time is on the line above or in the tooltip).
function relative(iso, now) {
  if (!iso) return "";
  const s = (t(iso) - now) / 1000;
  const a = Math.abs(s);
  const text = a >= 3600 || a < 60 ? dur(a) : `${Math.round(a / 60)} m`;
  return s >= 0 ? `in ${text}` : `${text} ago`;
}
const shortCkn = (ckn) => (ckn ? ckn.substring(0, 12) : "–");

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("data-")) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}
function svg(tag, attrs = {}) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

// --- API ------------------------------------------------------------------------------------------------
function token() { return sessionStorage.getItem(TOKEN_KEY); }
async function api(path, options = {}) {
  const headers = { Accept: "application/json" };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const r = await fetch(path, { ...options, headers, cache: "no-store", credentials: "omit" });
  let body = null;
  try { body = await r.json(); } catch (e) { body = null; }
  return { status: r.status, body };
}

async function refresh() {
  try {
    const [links, timeline, kmes, alarms] = await Promise.all(
      ["/api/links", "/api/timeline", "/api/kmes", "/api/alarms?limit=30"].map((p) => api(p)));
    const refused = [links, timeline, kmes, alarms].find((r) => r.status !== 200);
    if (refused) {
      setLive(false, refused.status === 401 ? "this daemon wants the API token to show its links" : `API answered ${refused.status}`);
      return;
    }
    state.links = links.body.links;
    state.generatedAt = links.body.generated_at;
    state.timeline = timeline.body.links;
    state.kmes = kmes.body.kmes;
    state.alarms = alarms.body;
    state.lastOk = Date.now();
    render();
    setLive(true, `live · ${clock(state.generatedAt)} UTC`);
  } catch (e) {
    setLive(false, "daemon unreachable — retrying");
  }
}

function setLive(ok, text) {
  const live = $("live");
  live.className = `live ${ok ? "on" : "off"}`;
  live.textContent = text;
  document.body.dataset.live = ok ? "on" : "off";
}

// --- links table ----------------------------------------------------------------------------------------
// A transaction stays open until its first key has started and the old one is retired, so most links
// have one most of the time; only one still preparing (before both ends confirmed) is "rolling".
const PREPARING = new Set(["PLANNED", "FETCHED", "STAGED"]);
const preparing = (l) => l.in_progress && PREPARING.has(l.in_progress.state);

function linkState(l) {
  const txn = l.in_progress ? `txn ${l.in_progress.state}` : "";
  if (l.hold_down_until) return ["warn", "held down", `until ${clock(l.hold_down_until)}`];
  const o = l.observed;
  if (o) {
    if (!o.a.reachable || !o.b.reachable) return ["bad", "unreachable", !o.a.reachable ? o.a.device : o.b.device];
    if (!o.a.active_ckn && !o.b.active_ckn) return ["none", "no key", txn || "neither end has a key in service"];
    if (!(o.a.secured && o.b.secured)) {
      return o.settling ? ["info", "switching", "MKA moving to the new key"] : ["bad", "not secured", `MKA at ${clock(o.at)}`];
    }
    return ["ok", "secured", txn || `MKA at ${clock(o.at)}`];
  }
  if (preparing(l)) return ["info", "rolling", txn];
  if (!l.last_result) return ["none", "never rolled", txn];
  return l.last_result === "DONE" ? ["ok", "keyed", txn || "not yet observed"] : ["warn", l.last_result, txn];
}

function renderLinks(now) {
  const filter = $("filter").value.trim().toLowerCase();
  const body = $("links").tBodies[0];
  const rows = [];
  for (const l of state.links) {
    if (filter && !`${l.link} ${l.a} ${l.b}`.toLowerCase().includes(filter)) continue;
    const [cls, word, sub] = linkState(l);
    const result = l.last_result === null ? "–" : l.last_result;
    const resultSub = l.last_reason ? l.last_reason.split(":")[0] : l.last_success ? `ok ${relative(l.last_success, now)}` : "";
    const alarms = (l.alarms || []).join(", ");
    const tr = el("tr", { "data-link": l.link },
      el("td", { class: "link", text: l.link }),
      el("td", {}, el("span", { class: `state ${cls}`, text: word }), el("span", { class: "sub", text: alarms ? `⚠ ${alarms}` : sub })),
      el("td", { class: "ends" }, el("span", { text: l.a ?? "–" }), el("span", { text: l.b ?? "–" })),
      el("td", { class: "key" }, el("span", { class: "mono ckn", title: l.active_ckn ? `CKN ${l.active_ckn}` : "", text: shortCkn(l.active_ckn) }),
        el("span", { class: "mono key-id", title: "KME key_ID", text: l.active_key_id ?? "–" })),
      el("td", { class: "num key-age", text: dur(l.key_age_seconds) }),
      el("td", { class: "next-start" }, document.createTextNode(clock(l.next_start)),
        el("span", { class: "sub", text: l.next_start ? `${relative(l.next_start, now)} · ${l.future_keys} staged` : "nothing staged" })),
      el("td", { class: `result ${l.last_result && l.last_result !== "DONE" ? "result-bad" : "result-ok"}` },
        el("span", { class: "word", text: result, title: l.last_reason ?? "" }), el("span", { class: "sub", text: resultSub })),
      el("td", { class: "num outage", text: l.outage_seconds_last_day === null ? "–" : `${l.outage_seconds_last_day.toFixed(1)} s` }),
      el("td", { class: "op" }, rollButton(l)));
    rows.push(tr);
  }
  body.replaceChildren(...rows);
  if (rows.length === 0) body.append(el("tr", {}, el("td", { class: "empty", colSpan: 10, text: filter ? "no link matches" : "no links" })));
}

// A rollover takes two presses (the second within 6 s); the pending press survives the table's refreshes.
function rollButton(l) {
  const pending = state.confirm && state.confirm.link === l.link && Date.now() < state.confirm.until;
  const force = state.force.has(l.link);
  const label = pending ? (force ? "Force?" : "Confirm") : force ? "Force…" : "Roll over";
  const b = el("button", { type: "button", class: `roll${pending ? " confirm" : ""}`, text: label,
    disabled: !token() || preparing(l) || state.busy.has(l.link),
    title: token() ? "put a fresh key in service at now + lead" : "enter the API token to make changes" });
  b.addEventListener("click", () => roll(l.link));
  return b;
}

async function roll(link) {
  const pending = state.confirm && state.confirm.link === link && Date.now() < state.confirm.until;
  if (!pending) {
    state.confirm = { link, until: Date.now() + 6000 };
    setTimeout(() => render(), 6100);
    render();
    return;
  }
  state.confirm = null;
  state.busy.add(link);
  render();
  const force = state.force.has(link);
  const r = await api(`/api/links/${encodeURIComponent(link)}/rollover${force ? "?force=true" : ""}`, { method: "POST" });
  state.busy.delete(link);
  if (r.status === 202) {
    state.force.delete(link);
    toast(`${link}: ${r.body.message}`, false);
  } else if (r.status === 409 && r.body && /held down/.test(r.body.error)) {
    state.force.add(link);
    toast(`${link}: ${r.body.error}`, true);
  } else {
    toast(`${link}: ${r.status === 401 ? "the token was not accepted" : (r.body && r.body.error) || r.status}`, true);
    if (r.status === 401) lock();
  }
  refresh();
}

function toast(text, bad) {
  const t = $("toast");
  t.textContent = text;
  t.className = bad ? "bad" : "";
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 8000);
}

// --- summary ----------------------------------------------------------------------------------------------
function renderSummary() {
  const links = state.links;
  const observed = links.filter((l) => l.observed && (l.observed.a.active_ckn || l.observed.b.active_ckn));
  const secured = observed.filter((l) => (l.observed.a.secured && l.observed.b.secured) || l.observed.settling).length;
  const rolling = links.filter(preparing).length;
  const alarms = state.alarms.active.length;
  const stocks = state.kmes.map((k) => k.stored_key_count).filter((n) => n !== null);
  const minStock = stocks.length ? Math.min(...stocks) : null;
  const tiles = [
    ["links", links.length, ""],
    ["secured", observed.length ? `${secured}/${observed.length}` : "–", observed.length && secured < observed.length ? "bad" : "ok"],
    ["rolling now", rolling, ""],
    ["alarms", alarms, alarms ? "bad" : "ok"],
    ["lowest KME stock", minStock ?? "–", minStock === null ? "" : minStock < 10 ? "warn" : "ok"],
  ];
  $("summary").replaceChildren(...tiles.map(([label, value, cls]) =>
    el("div", { class: `tile ${cls}`, "data-tile": label }, el("b", { text: String(value) }), el("span", { text: label }))));
}

// --- timeline ---------------------------------------------------------------------------------------------
// Auto: two intervals back, and forward to half an interval past the last staged key (at least two intervals).
function windowSeconds(now) {
  if (state.window !== "auto") {
    const w = Number(state.window);
    return [w * 0.6, w * 0.4];
  }
  const intervals = state.links.map((l) => l.schedule && l.schedule.interval_seconds).filter((x) => x).sort((a, b) => a - b);
  const median = intervals.length ? intervals[Math.floor(intervals.length / 2)] : 3600;
  const lastStart = Math.max(now, ...state.links.map((l) => t(l.last_key_start) ?? now));
  const back = Math.min(Math.max(median * 2, 60), 86400);
  const ahead = Math.min(Math.max(median * 2, (lastStart - now) / 1000 + median * 0.5, 60), 86400);
  return [back, ahead];
}

function renderTimeline(now) {
  const container = $("timeline");
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
  const width = Math.max(240, Math.floor(container.clientWidth - 9 * rem - 2));
  const [back, ahead] = windowSeconds(now);
  const from = now - back * 1000;
  const to = now + ahead * 1000;
  const x = (ms) => ((ms - from) / (to - from)) * width;
  const filter = $("filter").value.trim().toLowerCase();
  const rows = [rowAxis(width, from, to, x)];
  const laneH = Math.max(16, Math.round(rem * 1.15));
  for (const tl of state.timeline) {
    if (filter && !tl.link.toLowerCase().includes(filter)) continue;
    const keys = tl.keys.map((k) => ({ ...k, s: t(k.start) ?? t(k.first_seen) })).sort((a, b) => a.s - b.s);
    const g = svg("svg", { width, height: 2 * laneH + 14, "data-link": tl.link, role: "img", "aria-label": `key lifetimes of ${tl.link}` });
    keys.forEach((k, i) => {
      const next = keys.slice(i + 1).find((n) => n.s > k.s);
      const gone = k.configured ? null : t(k.last_seen);
      const hardEnd = t(k.end) ?? gone;
      const serviceEnd = Math.min(next ? next.s : Infinity, hardEnd ?? Infinity);
      const lifeEnd = hardEnd ?? (k.configured ? Infinity : serviceEnd);
      const kind = k.ckn === tl.active_ckn ? "active" : k.s > now ? "future" : "past";
      const y = 4 + (i % 2) * laneH;
      const x0 = Math.max(0, x(k.s));
      const x1 = Math.min(width, x(Math.min(serviceEnd, to)));
      if (x1 > 0 && x0 < width && x1 > x0) {
        const r = svg("rect", { x: x0, y, width: Math.max(1.5, x1 - x0), height: laneH - 3, rx: 2,
          class: `key ${kind}${serviceEnd === Infinity ? " open" : ""}`, "data-ckn": k.ckn });
        const title = svg("title");
        title.textContent = `CKN ${k.ckn}\nkey_ID ${k.key_id ?? "?"}\nstart ${k.start ?? "on install"}\nend ${k.end ?? (k.configured ? "none (until replaced)" : "removed " + k.last_seen)}\non ${k.sides.join(", ") || "neither end now"}`;
        r.append(title);
        g.append(r);
        if (x1 - x0 > 90) g.append(Object.assign(svg("text", { x: x0 + 4, y: y + laneH - 6, class: "keylabel" }), { textContent: shortCkn(k.ckn) }));
      }
      if (lifeEnd > serviceEnd && serviceEnd < to) {
        const t0 = Math.max(0, x(serviceEnd));
        const t1 = Math.min(width, x(Math.min(lifeEnd, to)));
        if (t1 > t0) g.append(svg("rect", { x: t0, y, width: t1 - t0, height: laneH - 3, class: "tail", "data-ckn": k.ckn }));
      }
      if (i > 0 && k.s >= from && k.s <= to) {
        g.append(svg("line", { x1: x(k.s), x2: x(k.s), y1: 0, y2: 2 * laneH + 8, class: "switch", "data-at": k.start ?? k.first_seen }));
      }
    });
    g.append(svg("line", { x1: x(now), x2: x(now), y1: 0, y2: 2 * laneH + 14, class: "now" }));
    const name = el("div", { class: "name", text: tl.link, title: tl.observed_at ? `observed ${clock(tl.observed_at)}` : "not observed yet" });
    const row = el("div", { class: "row", "data-link": tl.link }, name, g);
    if (keys.length === 0) {
      g.append(Object.assign(svg("text", { x: 6, y: laneH + 6, class: "nokeys" }), { textContent: tl.observed_at ? "no key configured" : "not observed yet" }));
    }
    rows.push(row);
  }
  container.replaceChildren(...rows);
}

function rowAxis(width, from, to, x) {
  const g = svg("svg", { width, height: 20, class: "axis" });
  const span = (to - from) / 1000;
  const steps = [10, 30, 60, 300, 600, 1800, 3600, 7200, 21600, 43200, 86400];
  const step = (steps.find((s) => span / s <= 8) ?? 86400) * 1000;
  for (let tick = Math.ceil(from / step) * step; tick <= to; tick += step) {
    g.append(svg("line", { x1: x(tick), x2: x(tick), y1: 14, y2: 20 }));
    const label = svg("text", { x: x(tick) + 2, y: 11 });
    label.textContent = new Date(tick).toISOString().substring(11, step < 60000 ? 19 : 16);
    g.append(label);
  }
  return el("div", { class: "row axis" }, el("div", { class: "name", text: "UTC" }), g);
}

// --- alarms and KMEs --------------------------------------------------------------------------------------
function renderAlarms(now) {
  const chips = state.alarms.active.map((a) => el("li", { "data-kind": a.kind, text: `${a.link} · ${a.kind}` }));
  $("active-alarms").replaceChildren(...(chips.length ? chips : [el("li", { class: "none", text: "no alarm in force" })]));
  const rows = state.alarms.events.map((e) => el("tr", { class: /_CLEARED$/.test(e.kind) ? "cleared" : "alarm" },
    el("td", { text: clock(e.at), title: `${e.at} (${relative(e.at, now)})` }),
    el("td", { text: e.link ?? "–" }),
    el("td", { class: "kind", text: e.kind }),
    el("td", { text: e.message })));
  $("alarm-events").tBodies[0].replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { class: "empty", colSpan: 4, text: "nothing recorded" }))]));
}

function renderKmes(now) {
  const rows = state.kmes.map((k) => {
    const stored = k.stored_key_count;
    const frac = stored === null || !k.max_key_count ? 0 : Math.min(1, stored / k.max_key_count);
    const bar = el("div", { class: `stock${stored === 0 ? " empty" : stored !== null && stored < 10 ? " low" : ""}`,
      title: k.max_key_count ? `${stored} of at most ${k.max_key_count}` : "" }, el("i"));
    bar.firstChild.style.width = `${Math.round(frac * 100)}%`;
    const latency = k.latency_seconds === null ? "" : `${Math.round(k.latency_seconds * 1000)} ms`;
    return el("tr", { "data-kme": k.kme },
      el("td", { class: "pair", title: `links: ${k.links.join(", ")}` }, el("span", { class: "mono", text: k.kme }),
        el("span", { class: "sub", text: `for ${k.peer_sae}` })),
      el("td", { class: "num stored", text: stored === null ? "–" : String(stored) }),
      el("td", { class: "bar" }, bar),
      k.error ? el("td", { class: "err", text: k.error })
        : el("td", { class: "checked" }, el("span", { text: k.checked_at ? relative(k.checked_at, now) : "not yet" }),
          el("span", { class: "sub", text: latency })));
  });
  $("kmes").tBodies[0].replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { class: "empty", colSpan: 4, text: "no KME" }))]));
}

function render() {
  const now = state.generatedAt ? t(state.generatedAt) + (Date.now() - state.lastOk) : Date.now();
  renderSummary();
  renderLinks(now);
  renderTimeline(now);
  renderAlarms(now);
  renderKmes(now);
}

// --- token -----------------------------------------------------------------------------------------------
function showMode() {
  const operator = !!token();
  $("mode").textContent = operator ? "operator" : "read-only";
  $("mode").className = `badge ${operator ? "operator" : "readonly"}`;
  $("token").hidden = operator;
  $("unlock").hidden = operator;
  $("lock").hidden = !operator;
}
function lock() {
  sessionStorage.removeItem(TOKEN_KEY);
  showMode();
  render();
}

$("auth").addEventListener("submit", (e) => {
  e.preventDefault();
  const v = $("token").value.trim();
  $("token").value = "";
  if (v) sessionStorage.setItem(TOKEN_KEY, v);
  showMode();
  refresh();
});
$("lock").addEventListener("click", lock);
$("filter").addEventListener("input", render);
$("window").addEventListener("click", (e) => {
  const w = e.target.dataset.window;
  if (!w) return;
  state.window = w;
  for (const b of $("window").children) b.classList.toggle("on", b.dataset.window === w);
  render();
});
window.addEventListener("resize", () => { if (state.lastOk) render(); });

showMode();
refresh();
setInterval(refresh, REFRESH_MS);
