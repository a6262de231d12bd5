"use strict";
document.getElementById("login").addEventListener("submit", async event => {
  event.preventDefault();
  const result = document.getElementById("result");
  try {
    await horus.api("POST", "/api/login", { password: document.getElementById("password").value });
    const next = new URLSearchParams(location.search).get("next");
    location.href = next && next.startsWith("/") && !next.startsWith("//") ? next : "/live";
  } catch (error) {
    horus.message(result, error.message, "error");
  }
});
