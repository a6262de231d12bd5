// Faces: the authorised people and their photos with status and reasons; upload (drag and drop),
// remove a photo or a person; the calibration of `horus faces check`. Everything goes through the faces folder.
"use strict";
horus.start(async () => {
  const { el, api } = horus;
  const page = document.getElementById("page");
  const status = el("div", { id: "status" });
  const people = el("div", { class: "people", id: "people" });
  const calibration = el("div", { class: "table-wrap", id: "calibration" });
  const folder = el("p", { class: "muted" });
  const newName = el("input", { type: "text", id: "new-person", placeholder: "name, e.g. alice", autocomplete: "off" });
  const newFiles = el("input", { type: "file", id: "new-photos", accept: "image/jpeg,image/png", multiple: true });
  page.append(el("h1", {}, "Faces"), folder, status,
    el("h2", {}, "Add a person"),
    dropZone(() => newName.value.trim(), newFiles, el("div", { class: "new-person" }, el("label", { for: "new-person" }, "Person"), newName)),
    el("h2", {}, "Authorised people"), people,
    el("h2", {}, "Calibration (horus faces check)"), calibration);

  function dropZone(person, input, ...extra) {
    const zone = el("div", { class: "drop" }, ...extra, el("p", {}, "Drop photos here (JPEG or PNG, one face each), or "), input);
    const send = files => upload(person(), files);
    input.addEventListener("change", () => { send([...input.files]); input.value = ""; });
    zone.addEventListener("dragover", e => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", e => { e.preventDefault(); zone.classList.remove("over"); send([...e.dataTransfer.files]); });
    return zone;
  }

  async function upload(person, files) {
    if (!person) { horus.message(status, "Name the person first.", "error"); return; }
    const results = [];
    for (const file of files) {
      const form = new FormData();
      form.append("photo", file, file.name);
      try {
        const r = await api("POST", `/api/faces/${encodeURIComponent(person)}`, form);
        results.push(r.photo.authorised
          ? { ok: true, text: `${person}/${r.photo.name}: authorised` }
          : { ok: false, text: `${person}/${r.photo.name}: rejected: ${r.photo.rejection} (${r.photo.detail}). ${r.photo.advice}` });
      } catch (error) {
        results.push({ ok: false, text: `${file.name}: ${error.message}` });
      }
    }
    status.replaceChildren(...results.map(r => el("div", { class: `message ${r.ok ? "ok" : "error"}`, role: r.ok ? "status" : "alert" }, r.text)));
    newName.value = "";
    await refresh();
  }

  async function remove(url, what) {
    if (!confirm(`Remove ${what}? This de-authorises it.`)) return;
    try { await api("DELETE", url); horus.message(status, `${what} removed`, "ok"); }
    catch (error) { horus.message(status, error.message, "error"); }
    await refresh();
  }

  function photoCard(person, p) {
    return el("div", { class: "photo", "data-photo": p.name },
      el("img", { src: p.thumbnail, alt: `${person}/${p.name}`, loading: "lazy" }),
      el("div", { class: "info" },
        el("span", { class: "name" }, p.name),
        el("span", { class: `badge ${p.authorised ? "authorised" : "rejected"}` }, p.authorised ? "authorised" : `rejected: ${p.rejection}`),
        p.authorised ? null : el("span", { class: "why" }, `${p.detail}. ${p.advice}`),
        el("button", { class: "danger", onclick: () => remove(`/api/faces/${encodeURIComponent(person)}/${encodeURIComponent(p.name)}`, `${person}/${p.name}`) }, "Remove")));
  }

  function personCard(person) {
    const input = el("input", { type: "file", accept: "image/jpeg,image/png", multiple: true, "aria-label": `add photos of ${person.name}` });
    return el("section", { class: "person", "data-person": person.name },
      el("div", { class: "head" },
        el("span", { class: "name" }, person.name),
        el("span", { class: "muted" }, `${person.photos.filter(p => p.authorised).length} of ${person.photos.length} photo(s) authorised`),
        el("button", { class: "danger", onclick: () => remove(`/api/faces/${encodeURIComponent(person.name)}`, person.name) }, "Remove person")),
      el("div", { class: "photos" }, person.photos.map(p => photoCard(person.name, p))),
      dropZone(() => person.name, input));
  }

  function calibrationTable(check) {
    if (check.people.length === 0) return el("p", { class: "muted" }, "No usable photo yet: add photos as a person, one face each, facing the camera.");
    const distance = v => v === null || v === undefined ? "-" : v.toFixed(3);
    return el("table", {},
      el("thead", {}, el("tr", {}, ["Person", "Photos", "Spread", "Nearest other", "Margin", "Verdict"].map(h => el("th", {}, h)))),
      el("tbody", {}, check.people.map(p => el("tr", { "data-person": p.person },
        el("td", {}, p.person),
        el("td", {}, p.photos),
        el("td", {}, p.spread === null ? "-" : `${distance(p.spread)} (${p.spreadSimilarity})`),
        el("td", {}, p.nearest ? `${p.nearest.person} ${distance(p.nearest.distance)} (${p.nearest.similarity})` : "-"),
        el("td", {}, (p.margin >= 0 ? "+" : "") + distance(p.margin)),
        el("td", {}, el("span", { class: `badge ${p.ok ? "ok" : "bad"}` }, p.verdict))))),
      el("caption", { class: "muted" }, `threshold ${check.threshold} = distance ${distance(check.matchDistance)}`));
  }

  async function refresh() {
    try {
      const [faces, check] = await Promise.all([api("GET", "/api/faces"), api("GET", "/api/faces/check")]);
      folder.textContent = `Faces folder: ${faces.folder} (the same folder horus faces list and horus run read)`;
      people.replaceChildren(...(faces.people.length ? faces.people.map(personCard) : [el("p", { class: "muted" }, "No one is authorised yet.")]));
      calibration.replaceChildren(calibrationTable(check));
    } catch (error) {
      horus.message(status, error.message, "error");
    }
  }
  await refresh();
});
