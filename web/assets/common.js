// nianbao serve: helpers shared by the page's scripts (no build step, no framework).
"use strict";

window.NB = (function () {
  const $ = (id) => document.getElementById(id);

  function csrf() {
    const m = document.cookie.match(/(?:^|;\s*)nianbao_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  async function api(method, url, body) {
    const opt = { method: method, headers: {}, credentials: "same-origin" };
    if (method !== "GET") opt.headers["X-Nianbao-CSRF"] = csrf();
    if (body instanceof FormData) opt.body = body;
    else if (body !== undefined) { opt.body = JSON.stringify(body); opt.headers["Content-Type"] = "application/json"; }
    const res = await fetch(url, opt);
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) {
      const err = new Error((data && data.error) || ("服务器返回错误 " + res.status));
      err.data = data;
      throw err;
    }
    return data;
  }

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      const v = attrs[k];
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids) if (kid !== null && kid !== undefined) e.append(kid);
    return e;
  }

  function say(text, ok) {
    const m = $("message");
    m.textContent = text;
    m.className = "message " + (ok ? "ok" : "error");
    m.hidden = !text;
  }

  const statusClass = {
    "已报送·通过": "st-ok", "已报送·有警告": "st-warn", "已报送·有错误": "st-err", "无法读取": "st-bad",
    "未报送": "st-miss", "名单外": "st-off", "被替代": "st-old", "重复汇总": "st-err",
    "通过": "st-ok", "有警告": "st-warn", "有错误": "st-err",
    "已报送·通过（已说明）": "st-ok", "通过（已说明）": "st-ok",
  };
  const badge = (s) => el("span", { class: "badge " + (statusClass[s] || ""), text: s });
  const fmtTime = (t) => { const d = new Date(t); return isNaN(d) ? "" : d.toLocaleString("zh-CN", { hour12: false }); };

  return { $, api, el, say, badge, fmtTime };
})();
