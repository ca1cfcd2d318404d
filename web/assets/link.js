// nianbao serve: the unit's own page, opened by its submission link (/unit#t=<token>). The token is in
// the address's fragment, which the browser never sends: the page hands it over once in an
// Authorization header, gets an HttpOnly cookie for it, and removes it from the address.
"use strict";

(function () {
  const { $, api, el, say, badge, fmtTime } = window.NB;
  const me = { year: 0, code: "", name: "" };

  async function session() {
    const m = location.hash.match(/^#t=([A-Za-z0-9_-]+)$/);
    if (m) {
      history.replaceState(null, "", "/unit"); // out of the address bar and the history at once
      const res = await fetch("/api/unit/session", { method: "POST", credentials: "same-origin",
        headers: { "Authorization": "Bearer " + m[1] } });
      const data = await res.json().catch(() => null);
      if (!res.ok) throw new Error((data && data.error) || "报送链接无效");
      return data;
    }
    return api("GET", "/api/unit/session");
  }

  async function refresh() {
    const st = await api("GET", `/api/${me.year}/status`);
    const row = st.units.find((u) => u.on_roster) || st.units[0];
    const box = $("self-status");
    box.textContent = "";
    if (!row) box.append("还没有上传名单，暂时看不到报送状态。");
    else {
      box.append("当前状态：", badge(row.status), row.errors ? `　${row.errors} 处错误` : "", row.warnings ? `　${row.warnings} 处警告` : "");
      if (row.progress === "已退回") box.append(`　已退回（${fmtTime(row.returned)}），请改正后重新上传`);
      if (row.first_error) box.append(el("br"), "首个错误：" + row.first_error);
      if (row.file) box.append(el("br"), "采用的文件：", el("a", { href: `#/${me.year}/v/${row.version}`, text: row.file }),
        row.rule ? `（${row.rule}）` : "");
    }
    const body = $("self-files");
    body.textContent = "";
    for (const f of st.files.slice().sort((a, b) => new Date(b.received) - new Date(a.received))) {
      body.append(el("tr", { "data-version": f.id },
        el("td", {}, el("a", { href: `#/${me.year}/v/${f.id}`, text: f.name })),
        el("td", {}, badge(f.verdict), f.withdrawn ? el("span", { class: "muted", text: "　办事员已撤回" }) : null),
        el("td", { text: fmtTime(f.received) }),
        el("td", {}, el("a", { href: `#/${me.year}/v/${f.id}`, text: "查看校验结果" }))));
    }
    if (!st.files.length) body.append(el("tr", {}, el("td", { colspan: 4, class: "muted", text: "还没有报送过文件。" })));
  }

  async function upload(list) {
    const files = [...list];
    if (!files.length) return;
    const fd = new FormData();
    for (const f of files) { fd.append("modified", String(f.lastModified || 0)); fd.append("file", f, f.name); }
    const log = $("self-log");
    let open = 0;
    try {
      const doc = await api("POST", `/api/${me.year}/submissions`, fd);
      for (const u of doc.uploads) {
        if (u.kind) {
          log.prepend(el("li", { "data-kind": u.kind }, el("span", { class: "kind", text: `【未收入】` }), " ", u.message || u.name));
          continue;
        }
        log.prepend(el("li", { "data-verdict": u.verdict }, badge(u.verdict), " ", u.name,
          u.duplicate ? el("span", { class: "muted", text: "（与已报送的文件完全相同）" }) : null));
        if (u.version) open = u.version;
      }
      say(open ? "已收到，校验结果如下。" : "没有收入任何文件，原因见上传记录。", !!open);
    } catch (e) { say(e.message); }
    if (open && files.length === 1) location.hash = `#/${me.year}/v/${open}`;
    else await refresh();
  }

  async function route() {
    const m = location.hash.match(/^#\/(\d{4})\/v\/(\d+)$/);
    $("home-view").hidden = !!m;
    $("unit-view").hidden = !m;
    say("");
    for (const id of ["unit-title", "unit-meta", "unit-versions", "unit-findings", "unit-tables"]) { // nothing of the page before
      const e = $(id);
      if (e) e.textContent = "";
    }
    try {
      if (m) await NB.showVersion(me.year, m[2]);
      else await refresh();
    } catch (e) { say(e.message); }
    document.body.setAttribute("data-ready", "1");
  }

  async function start() {
    try {
      Object.assign(me, await session());
    } catch (e) {
      say(e.message + "。请使用办事员发来的完整链接重新打开。");
      return;
    }
    const label = me.code + (me.name ? " " + me.name : "");
    $("who").textContent = `${label} · ${me.year}年度`;
    $("self-title").textContent = `${label}：${me.year}年度报告报送`;
    $("dl-self-template").href = `/api/${me.year}/template.xlsx?unit=${encodeURIComponent(me.code)}`;
    $("logout").hidden = false;
    $("logout").addEventListener("click", async () => {
      try { await api("DELETE", "/api/unit/session"); } catch (e) { /* the cookie is gone either way */ }
      location.replace("/unit");
    });
    const drop = $("self-drop");
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); upload(e.dataTransfer.files); });
    $("self-file").addEventListener("change", (e) => { upload(e.target.files); e.target.value = ""; });
    $("back").addEventListener("click", (e) => { e.preventDefault(); location.hash = ""; });
    window.addEventListener("hashchange", route);
    await route();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
