// The cdcbridge console: plain DOM over the REST API of the server that serves it (same origin, no build step).
"use strict";

const view = () => document.getElementById("view");
let timer = null;
// kept across the page's renders: the latest verification of each statement, and the dead-letter page shown
const verifications = {};
const letterOffsets = {};
const LETTERS_PER_PAGE = 10;

// a request to the API; a token, when the server asked for one, is kept for this browser tab only
async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  const token = sessionStorage.getItem("cdcbridge-token");
  if (token) headers["Authorization"] = "Bearer " + token;
  if (method !== "GET") headers["Content-Type"] = "application/json";
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401) {
    document.getElementById("token-form").hidden = false;
    throw new Error("this server needs a token");
  }
  const answer = await r.json();
  if (!r.ok) throw new Error(answer.error ? answer.error.message : r.status + " " + r.statusText);
  return answer;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "onclick") e.addEventListener("click", v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c === null || c === undefined ? "" : c);
  return e;
}

// the same short figures as `cdcbridge statements list`
function lag(m) {
  if (m && m.messages_behind !== undefined) return m.messages_behind + " msgs";
  if (m && m.snapshot && m.snapshot.done === false) return "snapshot " + snapshotShare(m.snapshot);
  if (m && m.lag_seconds !== undefined) return seconds(m.lag_seconds);
  if (m && m.wal_bytes_retained !== undefined) return bytes(m.wal_bytes_retained) + " WAL";
  return "-";
}
function seconds(s) {
  if (s < 1) return s.toFixed(3) + "s";
  if (s < 120) return s.toFixed(1) + "s";
  return s < 7200 ? Math.floor(s / 60) + "m" : s < 172800 ? Math.floor(s / 3600) + "h" : Math.floor(s / 86400) + "d";
}
function snapshotShare(n) {
  const read = n.rows_read || 0;
  return n.rows_estimated > 0 ? Math.min(100, Math.floor(read * 100 / n.rows_estimated)) + "%" : read + " rows";
}
function snapshot(n) {
  if (!n) return "-";
  let t = (n.rows_read || 0) + " rows";
  if (n.rows_estimated > 0) t += " of ~" + n.rows_estimated + " (" + snapshotShare(n) + ")";
  if (n.splits_total !== undefined) t += ", " + (n.splits_finished || 0) + " of " + n.splits_total + " splits";
  if (n.done !== undefined) t += n.done ? ", done" : ", reading";
  return t;
}
function rate(v) { return typeof v === "number" ? v.toFixed(1) : "-"; }
function count(v) { return typeof v === "number" ? String(v) : "-"; }
function bytes(b) {
  if (b < 1024) return b + " B";
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = b, u = -1;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return v.toFixed(1) + " " + units[u];
}

// a polyline of the values over the samples' times
function line(samples, value, width, height, cls) {
  const points = samples.filter(s => typeof value(s) === "number");
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", cls);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  if (points.length < 2) return svg;
  const t0 = Date.parse(points[0].at), t1 = Date.parse(points[points.length - 1].at);
  const max = Math.max(1, ...points.map(value));
  const poly = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
  poly.setAttribute("points", points.map(s => {
    const x = (Date.parse(s.at) - t0) / Math.max(1, t1 - t0) * (width - 2) + 1;
    const y = height - 1 - value(s) / max * (height - 2);
    return x.toFixed(1) + "," + y.toFixed(1);
  }).join(" "));
  svg.append(poly);
  return svg;
}

function phase(p) { return el("span", { class: "phase phase-" + p }, p); }

async function act(name, what) {
  const question = { stop: "Stop statement '" + name + "' with a savepoint?",
                     resume: "Resume statement '" + name + "'?",
                     delete: "Delete statement '" + name + "'? Its checkpoints and savepoints go, and its replication slots are dropped." }[what];
  if (!confirm(question)) return;
  const path = "/v1/statements/" + encodeURIComponent(name);
  if (what === "delete") await api("DELETE", path);
  else if (what === "stop") await api("POST", path + "/stop?savepoint=true");
  else await api("POST", path + "/resume");
  render();
}

function actions(s) {
  const name = s.name, p = s.status.phase;
  const buttons = [];
  if (p === "RUNNING" || p === "PENDING") buttons.push(el("button", { "data-action": "stop", onclick: () => act(name, "stop").catch(show) }, "stop"));
  if (p === "STOPPED" || p === "FAILED") buttons.push(el("button", { "data-action": "resume", onclick: () => act(name, "resume").catch(show) }, "resume"));
  buttons.push(el("button", { "data-action": "delete", onclick: () => act(name, "delete").catch(show) }, "delete"));
  return buttons;
}

async function statements() {
  const [list, metrics] = await Promise.all([api("GET", "/v1/statements"), api("GET", "/v1/metrics")]);
  const byName = Object.fromEntries(metrics.statements.map(m => [m.name, m]));
  const histories = await Promise.all(list.statements.map(s =>
      api("GET", "/v1/statements/" + encodeURIComponent(s.name) + "/metrics").then(h => h.history).catch(() => [])));
  const rows = list.statements.map((s, i) => {
    const m = byName[s.name] || {};
    return el("tr", { "data-statement": s.name },
      el("td", { class: "name" }, el("a", { href: "#/statement/" + encodeURIComponent(s.name) }, s.name)),
      el("td", { class: "phase-cell" }, phase(s.status.phase)),
      el("td", { class: "num lag" }, lag(m)),
      el("td", { class: "num rate" }, rate(m.rows_per_second)),
      el("td", { class: "spark" }, line(histories[i], h => h.rows_per_second, 120, 24, "spark")),
      el("td", { class: "num dlq" }, count(m.dead_letters)),
      el("td", {}, ...actions(s)));
  });
  return [el("h2", {}, "Statements"),
    el("table", { id: "statements" },
      el("thead", {}, el("tr", {}, ...["name", "phase", "lag", "rows/s", "last hour", "dead letters", ""].map(h => el("th", {}, h)))),
      el("tbody", {}, ...rows))];
}

function keyValues(id, entries) {
  return el("table", { id }, el("tbody", {}, ...entries.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v)))));
}

async function statement(name) {
  const path = "/v1/statements/" + encodeURIComponent(name);
  const s = await api("GET", path);
  const metrics = await api("GET", path + "/metrics");
  const deps = await api("GET", path + "/dependencies").then(d => d.dependencies).catch(e => []);
  const evolution = await api("GET", path + "/evolution").catch(() => null);
  const m = metrics.latest || {};
  const parts = [el("h2", {}, name, " ", phase(s.status.phase)), el("div", {}, ...actions(s))];
  if (s.status.detail) parts.push(el("p", { id: "detail" }, s.status.detail));
  parts.push(el("h3", {}, "Lag and rates"), keyValues("metrics", [
    ["lag", lag(m)], ["commit to write", m.lag_seconds !== undefined ? seconds(m.lag_seconds) : "-"],
    ["snapshot", snapshot(m.snapshot)], ["rows written", count(m.rows_written)], ["rows/s", rate(m.rows_per_second)],
    ["upserts", count(m.upserts)], ["deletes", count(m.deletes)], ["sink retries", count(m.retries)],
    ["dead letters", count(m.dead_letters)], ["restarts", count(m.restarts)],
    ["last checkpoint", m.last_checkpoint_at ? m.last_checkpoint_at + " (" + m.last_checkpoint_duration_ms + " ms, " + bytes(m.last_checkpoint_size_bytes) + ")" : "-"]]));
  for (const src of m.sources || []) {
    const behind = src.partitions_behind ? Object.entries(src.partitions_behind).map(([p, b]) => p + ":" + b).join(", ") : null;
    parts.push(el("p", { class: "source" }, src.table + " (" + src.connector + "): " +
      (behind !== null ? src.messages_behind + " messages behind (partition:behind " + behind + ")"
        : src.wal_bytes_retained !== undefined ? bytes(src.wal_bytes_retained) + " of WAL retained" : "unknown: " + src.unknown)));
  }
  parts.push(el("h3", {}, "Lag, last hour"), lagPlot(metrics.history, m));
  parts.push(el("h3", {}, "Recent errors"), recentErrors(s.status.recent_errors || []));
  parts.push(el("h3", {}, "Statement"), el("pre", { id: "sql" }, s.spec.statement));
  parts.push(el("h3", {}, "Properties"), keyValues("properties", Object.entries(s.spec.properties)));
  parts.push(el("h3", {}, "Dependencies"), keyValues("dependencies", deps.map(d =>
    [d.name + " (" + d.role.toLowerCase() + ")", d.state === "CHANGED" ? "changed since: " + d.changes.join("; ") : d.state.toLowerCase()])));
  if (s.lineage && s.lineage.evolved_from) {
    parts.push(el("h3", {}, "Lineage"), el("p", {}, "evolved from " + s.lineage.evolved_from + " (" + s.lineage.strategy + ", started from " + s.lineage.started_from + ")"));
  }
  const offsets = s.status.latest_offsets || [];
  if (offsets.length) {
    parts.push(el("h3", {}, "Latest offsets"), keyValues("offsets", offsets.map(o => [o.table + " (" + o.connector + ")", JSON.stringify(o.position)])));
  }
  // an evolution of this statement, or the one that made it (v2's page)
  const evolved = evolution || (s.lineage && s.lineage.evolved_from
    ? await api("GET", "/v1/statements/" + encodeURIComponent(s.lineage.evolved_from) + "/evolution").catch(() => null) : null);
  if (evolved) parts.push(el("h3", {}, "Evolution"), evolutionView(evolved));
  parts.push(el("h3", {}, "Dead letters"), await deadLetters(name));
  parts.push(el("h3", {}, "Verification"), el("div", {},
    el("button", { "data-action": "verify", onclick: () => verify(name).catch(show) }, "verify"),
    " the target table against its source"), verification(verifications[name]));
  return parts;
}

// the lag of the last hour in the figure the statement's lag is told in (as `lag` picks it), with its scale and times
function lagPlot(history, latest) {
  const kinds = [["messages_behind", "messages behind", v => v + " msgs"], ["lag_seconds", "commit to write", seconds],
                 ["wal_bytes_retained", "WAL retained", bytes]];
  const [key, label, format] = kinds.find(([k]) => latest[k] !== undefined) || kinds.find(([k]) => history.some(h => h[k] !== undefined)) || kinds[0];
  const points = history.filter(h => typeof h[key] === "number");
  const box = el("figure", { id: "lag-plot", "data-figure": key });
  if (points.length === 0) return box.append(el("figcaption", {}, "no samples yet")), box;
  const max = Math.max(...points.map(h => h[key]));
  box.append(el("figcaption", {}, label + ": now " + format(points[points.length - 1][key]) + ", at most " + format(max)
    + " over " + points.length + " samples"));
  box.append(el("div", { class: "plot-axes" },
    el("span", { class: "y-max" }, format(max)), line(points, h => h[key], 600, 120, "plot"), el("span", { class: "y-min" }, format(0))));
  box.append(el("div", { class: "x-axis" }, el("span", {}, new Date(points[0].at).toLocaleTimeString()),
    el("span", {}, new Date(points[points.length - 1].at).toLocaleTimeString())));
  return box;
}

// the statement's latest errors with their times, newest first
function recentErrors(errors) {
  if (!errors.length) return el("p", { id: "recent-errors" }, "none");
  return el("table", { id: "recent-errors" },
    el("thead", {}, el("tr", {}, ...["at", "phase", "error"].map(h => el("th", {}, h)))),
    el("tbody", {}, ...errors.slice().reverse().map(e => el("tr", {},
      el("td", { class: "at" }, e.at), el("td", { class: "phase-cell" }, phase(e.phase)), el("td", { class: "message" }, e.message)))));
}

// an evolution's plan (what stops, what starts and from where, the steps, consumers, warnings) and its progress
function evolutionView(e) {
  const p = e.plan;
  const list = (id, items) => el("ol", { id }, ...items.map(i => el("li", {}, i)));
  const box = el("div", { id: "evolution" }, keyValues("evolution-summary", [
    ["evolution", p.statement + " to " + p.evolves_to + " by " + p.strategy.toLowerCase().replace("_", "-")],
    ["state", e.state + (e.error ? ": " + e.error : "")],
    ["stops", p.stops || "-"], ["starts", p.starts || "-"], ["starts from", p.starts_from || "-"],
    ["messages behind", e.messages_behind !== undefined && e.messages_behind !== null ? String(e.messages_behind) : "-"],
    ["started", e.started_at || "-"], ["ended", e.ended_at || "-"]]));
  box.append(el("h4", {}, "Plan"), list("evolution-steps", p.steps));
  if (p.consumers.length) box.append(el("h4", {}, "Consumers"), list("evolution-consumers", p.consumers));
  if (p.warnings.length) box.append(el("h4", {}, "Warnings"), list("evolution-warnings", p.warnings));
  box.append(el("h4", {}, "Progress"), e.progress.length ? list("evolution-progress", e.progress) : el("p", {}, "not started"));
  return box;
}

// a page of the statement's dead letters, with the pages before and after
async function deadLetters(name) {
  const offset = letterOffsets[name] || 0;
  const page = await api("GET", "/v1/statements/" + encodeURIComponent(name) + "/dead-letters?offset=" + offset + "&limit=" + LETTERS_PER_PAGE);
  const box = el("div", { id: "dead-letters" });
  if (page.unknown && !page.topics.length) return el("div", { id: "dead-letters" }, el("p", {}, page.unknown));
  if (page.unknown) box.append(el("p", {}, page.unknown));
  const shown = page.letters.length;
  box.append(el("p", { class: "letters-count" }, (shown ? (offset + 1) + "-" + (offset + shown) + " of " : "none of ")
    + page.total + (page.complete ? "" : "+") + " in " + (page.topics.join(", ") || "no topic")));
  if (shown) {
    box.append(el("table", { id: "letters" },
      el("thead", {}, el("tr", {}, ...["at", "where", "reason", "from", "value"].map(h => el("th", {}, h)))),
      el("tbody", {}, ...page.letters.map(l => el("tr", { "data-offset": l.offset },
        el("td", {}, l.at), el("td", {}, l.topic + "-" + l.partition + "@" + l.offset), el("td", { class: "reason" }, l.reason),
        el("td", { class: "origin" }, l.origin || ""),
        el("td", { class: "payload" }, el("code", {}, (l.value_encoding ? "(" + l.value_encoding + ") " : "") + (l.value === undefined ? "(none)" : l.value))))))));
  }
  const go = to => { letterOffsets[name] = Math.max(0, to); render(); };
  if (offset > 0) box.append(el("button", { "data-action": "letters-before", onclick: () => go(offset - LETTERS_PER_PAGE) }, "newer page"));
  if (offset + shown < page.total) box.append(el("button", { "data-action": "letters-after", onclick: () => go(offset + LETTERS_PER_PAGE) }, "next page"));
  return box;
}

async function verify(name) {
  verifications[name] = { running: true };
  render();
  try {
    verifications[name] = await api("POST", "/v1/statements/" + encodeURIComponent(name) + "/verify", {});
  } catch (e) {
    verifications[name] = { error: e.message };
  }
  render();
}

// the summary of a verification: rows, ranges, differing rows by kind
function verification(v) {
  if (!v) return el("div", { id: "verification" });
  if (v.running) return el("div", { id: "verification" }, el("p", {}, "verifying..."));
  if (v.error) return el("div", { id: "verification" }, el("p", { class: "failed" }, v.error));
  const kinds = v.mismatches || {};
  return el("div", { id: "verification" }, keyValues("verify-summary", [
    ["result", v.equal ? "equal" : "different"], ["source rows", String(v.source_rows)], ["target rows", String(v.target_rows)],
    ["ranges", v.ranges + " (" + v.differing_ranges + " differing)"], ["missing", String(kinds.missing || 0)],
    ["extra", String(kinds.extra || 0)], ["different", String(kinds.different || 0)]]),
    v.note ? el("p", {}, v.note) : "", el("pre", { id: "verify-text" }, v.summary || ""));
}

async function contracts() {
  const list = await api("GET", "/v1/contracts");
  return [el("h2", {}, "Contracts"), el("table", { id: "contracts" },
    el("thead", {}, el("tr", {}, ...["table", "compatibility", "latest version", "updated"].map(h => el("th", {}, h)))),
    el("tbody", {}, ...list.contracts.map(c => el("tr", { "data-contract": c.table },
      el("td", {}, el("a", { href: "#/contract/" + encodeURIComponent(c.table) }, c.table)),
      el("td", {}, c.compatibility), el("td", { class: "num version" }, String(c.latest_version)), el("td", {}, c.updated_at)))))];
}

// each version's columns beside the version before, added, removed and changed columns marked
async function contract(table) {
  const c = await api("GET", "/v1/contracts/" + encodeURIComponent(table));
  const parts = [el("h2", {}, table + " (" + c.compatibility + ")")];
  c.versions.forEach((v, i) => {
    const before = i > 0 ? Object.fromEntries(c.versions[i - 1].columns.map(col => [col.name, col])) : {};
    const now = Object.fromEntries(v.columns.map(col => [col.name, col]));
    const names = [...new Set([...Object.keys(before), ...Object.keys(now)])];
    const type = col => col ? col.type + (col.nullable ? "" : " NOT NULL") : "";
    parts.push(el("h3", {}, "Version " + v.version + " (" + v.origin + ", " + v.at + ")"),
      el("table", { class: "versions", "data-version": v.version },
        el("thead", {}, el("tr", {}, el("th", {}, "column"), el("th", {}, i > 0 ? "version " + c.versions[i - 1].version : ""), el("th", {}, "version " + v.version))),
        el("tbody", {}, ...names.map(n => {
          const cls = i === 0 ? "" : !before[n] ? "diff-added" : !now[n] ? "diff-removed" : type(before[n]) !== type(now[n]) ? "diff-changed" : "";
          return el("tr", { class: cls }, el("td", {}, n), el("td", {}, type(before[n])), el("td", {}, type(now[n])));
        }))),
      el("pre", {}, v.change));
  });
  return parts;
}

function show(e) {
  const box = document.getElementById("error");
  box.textContent = e.message;
  box.hidden = false;
}

async function render() {
  const hash = location.hash || "#/";
  const [, page, arg] = hash.match(/^#\/([a-z]*)\/?(.*)$/) || [];
  try {
    const parts = page === "statement" ? await statement(decodeURIComponent(arg))
      : page === "contracts" ? await contracts()
      : page === "contract" ? await contract(decodeURIComponent(arg))
      : await statements();
    view().replaceChildren(...parts);
    document.getElementById("error").hidden = true;
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
  } catch (e) {
    show(e);
  }
  clearTimeout(timer);
  timer = setTimeout(render, 5000);
}

document.getElementById("token-form").addEventListener("submit", e => {
  e.preventDefault();
  sessionStorage.setItem("cdcbridge-token", document.getElementById("token").value);
  document.getElementById("token-form").hidden = true;
  render();
});
window.addEventListener("hashchange", render);
render();
