// Live: every camera's latest analysed frame with its face boxes, names or "unknown", fps and state.
"use strict";
horus.start(async () => {
  const { el, api } = horus;
  const page = document.getElementById("page");
  const status = el("div");
  const grid = el("div", { class: "cameras" });
  page.append(el("h1", {}, "Live"), status, grid);
  const cards = new Map();

  function card(name) {
    if (cards.has(name)) return cards.get(name);
    const c = {
      state: el("span", { class: "badge" }), stats: el("span", { class: "stats" }), error: el("div", { class: "error hidden" }),
      img: el("img", { alt: `latest frame of ${name}` }), boxes: el("div"), nothing: el("div", { class: "nothing" }, "no frame analysed yet"), index: -1,
    };
    c.root = el("section", { class: "camera", "data-camera": name },
      el("div", { class: "head" }, el("span", { class: "name" }, name), c.state, c.stats), c.error,
      el("div", { class: "view" }, c.img, c.boxes, c.nothing));
    grid.append(c.root);
    cards.set(name, c);
    return c;
  }

  function label(face) {
    if (face.person) return `${face.person} ${horus.percent(face.similarity)}`;
    if (face.unusable) return `face (${face.unusable})`;
    return "unknown";
  }

  function show(camera) {
    const c = card(camera.name);
    c.state.textContent = camera.state === "restarting" ? "restarting (source lost)" : camera.state;
    c.state.className = `badge ${camera.state}`;
    c.stats.textContent = `${camera.fps.toFixed(1)} fps · ${camera.framesRead} read · ${camera.framesDropped} dropped` + (camera.restarts ? ` · ${camera.restarts} restarts` : "");
    c.error.textContent = camera.lastError || "";
    c.error.classList.toggle("hidden", !camera.lastError || camera.state === "running");
    const frame = camera.frame;
    c.nothing.classList.toggle("hidden", !!frame);
    if (!frame || frame.index === c.index) return;
    c.index = frame.index;
    c.img.parentElement.style.aspectRatio = `${frame.width} / ${frame.height}`;
    const img = new Image();
    img.onload = () => {
      c.img.src = img.src;
      c.boxes.replaceChildren(...frame.faces.map(face => {
        const box = el("div", { class: `box ${face.person ? "known" : face.unusable ? "unusable" : "unknown"}`, "data-person": face.person || "" },
          el("span", { class: "label" }, label(face)));
        box.style.left = `${(face.x / frame.width) * 100}%`;
        box.style.top = `${(face.y / frame.height) * 100}%`;
        box.style.width = `${(face.width / frame.width) * 100}%`;
        box.style.height = `${(face.height / frame.height) * 100}%`;
        return box;
      }));
    };
    img.src = frame.url;
  }

  async function refresh() {
    try {
      const cameras = await api("GET", "/api/cameras");
      status.replaceChildren();
      if (cameras.length === 0) horus.message(status, "No camera is running.");
      cameras.forEach(show);
    } catch (error) {
      horus.message(status, error.message, "error");
    }
  }
  await refresh();
  setInterval(refresh, 500);
});
