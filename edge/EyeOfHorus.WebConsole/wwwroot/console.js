// Shared by every page: the session (its CSRF token), JSON calls, the header, small DOM helpers.
"use strict";

const horus = (() => {
  let csrf = null;

  async function session() {
    const response = await fetch("/api/session", { credentials: "same-origin" });
    const info = await response.json();
    if (info.passwordRequired && !info.authenticated && location.pathname !== "/login") {
      location.href = "/login?next=" + encodeURIComponent(location.pathname);
      return null;
    }
    csrf = info.csrf;
    return info;
  }

  // A JSON API call; changes carry the CSRF token. Throws Error(message) with the server's reason.
  async function api(method, url, body) {
    const headers = {};
    if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
    let payload = body;
    if (body && !(body instanceof FormData)) { headers["Content-Type"] = "application/json"; payload = JSON.stringify(body); }
    const response = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
    if (response.status === 401) { location.href = "/login?next=" + encodeURIComponent(location.pathname); throw new Error("log in first"); }
    if (response.status === 204) return null;
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    if (!response.ok) throw new Error((data && data.error) || `${response.status} ${response.statusText}`);
    return data;
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function header(info) {
    const here = location.pathname;
    const link = (href, text) => el("a", { href, "aria-current": here === href ? "page" : null }, text);
    const bar = el("header", { class: "top" },
      el("span", { class: "brand" }, "Eye of Horus"),
      el("nav", {}, link("/live", "Live"), link("/events", "Events"), link("/faces", "Faces")),
      info && info.passwordRequired
        ? el("span", { class: "session" }, el("button", { onclick: async () => { await api("POST", "/api/logout"); location.href = "/login"; } }, "Log out"))
        : el("span", { class: "session" }, "local console"));
    document.body.prepend(bar);
  }

  function message(container, text, kind) {
    container.replaceChildren(el("div", { class: `message ${kind || ""}`, role: kind === "error" ? "alert" : "status" }, text));
  }

  const time = iso => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
  const percent = value => value === null || value === undefined ? "" : `${value.toFixed(1)}%`;

  async function start(page) {
    const info = await session();
    if (!info) return;
    header(info);
    await page(info);
  }

  return { api, el, message, start, time, percent };
})();
