// Events: the alert timeline, newest first, with snapshot thumbnails, filters and the full snapshot on click.
"use strict";
horus.start(async () => {
  const { el, api } = horus;
  const page = document.getElementById("page");
  const status = el("div");
  const filter = name => el("select", { name, id: `filter-${name}` }, el("option", { value: "" }, "any"));
  const camera = filter("camera"), event = filter("event"), person = filter("person");
  const list = el("ol", { class: "events", id: "events" });
  const more = el("button", { id: "more", class: "hidden" }, "Older events");
  const big = el("img", { alt: "snapshot" });
  const caption = el("span");
  const dialog = el("dialog", { id: "snapshot" },
    el("div", { class: "bar" }, caption, el("button", { onclick: () => dialog.close() }, "Close")), big);
  dialog.addEventListener("click", e => { if (e.target === dialog) dialog.close(); });
  page.append(el("h1", {}, "Events"),
    el("div", { class: "filters" },
      el("label", {}, "Camera", camera), el("label", {}, "Event", event), el("label", {}, "Person", person)),
    status, list, el("div", { class: "more" }, more), dialog);

  const params = new URLSearchParams(location.search);
  let next = null, newest = null, paged = false;

  function describe(e) {
    if (e.event === "person_recognised") return `${e.person} ${horus.percent(e.similarity)}`;
    if (e.event === "unknown_face") return "unknown face";
    return e.person || e.event;
  }

  function row(e) {
    const thumb = e.thumbnail
      ? el("button", { class: "thumb", title: "show the snapshot", onclick: () => { big.src = e.snapshot; caption.textContent = `${e.camera} · ${horus.time(e.time)} · ${describe(e)}`; dialog.showModal(); } },
          el("img", { src: e.thumbnail, alt: `snapshot of event ${e.id}`, loading: "lazy" }))
      : el("div", { class: "thumb" });
    return el("li", { class: "event", "data-id": e.id, "data-event": e.event, "data-person": e.person || "" },
      thumb,
      el("div", {},
        el("div", { class: `what ${e.event}` }, describe(e)),
        el("div", {}, e.camera, " · ", e.event.replace("_", " ")),
        el("div", { class: "when" }, horus.time(e.time))));
  }

  function query(before) {
    const q = new URLSearchParams();
    for (const s of [camera, event, person]) if (s.value) q.set(s.name, s.value);
    if (before) q.set("before", before);
    return q;
  }

  async function load(before) {
    try {
      const data = await api("GET", "/api/events?" + query(before));
      if (!before) { list.replaceChildren(); newest = data.events.length ? data.events[0].id : null; }
      list.append(...data.events.map(row));
      next = data.next;
      more.classList.toggle("hidden", next === null);
      status.replaceChildren();
      if (!before && data.events.length === 0) horus.message(status, "No events yet.");
    } catch (error) {
      horus.message(status, error.message, "error");
    }
  }

  // The address's filters apply once, at the start; after that the selects say what is chosen
  // (otherwise choosing "any" would bring the address's filter back at the next refresh).
  let first = true;
  async function facets() {
    const f = await api("GET", "/api/events/facets");
    for (const [select, values] of [[camera, f.cameras], [event, f.events], [person, f.people]]) {
      const chosen = (first ? params.get(select.name) : select.value) || "";
      select.replaceChildren(el("option", { value: "" }, "any"), ...values.map(v => el("option", { value: v }, v)));
      if (chosen && !values.includes(chosen)) select.append(el("option", { value: chosen }, chosen));
      select.value = chosen;
    }
    first = false;
  }

  for (const select of [camera, event, person]) select.addEventListener("change", () => {
    history.replaceState(null, "", "/events?" + query());
    paged = false;
    load();
  });
  more.addEventListener("click", () => { paged = true; load(next); });
  await facets();
  await load();
  // New events appear at the top while the first page is shown.
  setInterval(async () => {
    if (paged || dialog.open) return;
    try {
      const data = await api("GET", "/api/events?limit=1&" + query());
      if (data.events.length && data.events[0].id !== newest) { await facets(); await load(); }
    } catch { /* the next tick tries again */ }
  }, 3000);
});
