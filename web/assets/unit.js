// nianbao serve: the page of one received file — its tables in the official layout, failing cells marked.
"use strict";

(function () {
  const { $, api, el, badge, fmtTime } = window.NB;

  // ---- unit page ----
  NB.showVersion = async function showVersion(year, id) {
    const p = await api("GET", `/api/${year}/versions/${id}`);
    const v = p.version, f = p.file;
    $("unit-title").textContent = (f.unit.name || v.name) + (f.unit.code ? `（${f.unit.code}）` : "");
    $("unit-meta").textContent = "";
    $("unit-meta").append(badge(v.verdict), `　文件：${v.name}　收到：${fmtTime(v.received)}　` +
      (f.year ? `${f.year}年度，${f.version || ""}版表格　` : "") + `SHA-256：${v.sha256.slice(0, 12)}…`);
    const ann = $("dl-annotated");
    ann.href = `/api/${year}/versions/${id}/annotated.xlsx`;
    ann.classList.toggle("disabled", v.verdict === "无法读取");
    $("dl-original").href = `/api/${year}/versions/${id}/file`;
    const vl = $("unit-versions");
    vl.textContent = "";
    p.versions.forEach((o, i) => vl.append(el("li", {},
      el("a", { href: `#/${year}/v/${o.id}`, text: `第 ${i + 1} 版：${o.name}` }), " ", badge(o.verdict),
      `　修改时间 ${fmtTime(o.modified)}　收到 ${fmtTime(o.received)}` + (o.id === v.id ? "　（当前查看）" : ""),
      i === p.versions.length - 1 ? el("span", { class: "muted", text: "　最新" }) : null)));
    const box = $("unit-tables");
    box.textContent = "";
    for (const t of p.tables) {
      if (!t.rows.length && !t.notes.length) continue;
      const card = el("section", { class: "card", "data-table": t.name }, el("h2", { text: t.title || t.name }));
      const sheet = el("div", { class: "sheet" });
      if (t.rows.length) {
        const table = el("table", { class: "form" });
        for (const row of t.rows) {
          const tr = el("tr");
          for (const c of row) {
            const td = el("td", { class: c.class, colspan: c.colspan, rowspan: c.rowspan, "data-key": c.key, text: c.text || "" });
            for (const m of c.marks || []) td.append(el("sup", { class: "mark", text: m }));
            tr.append(td);
          }
          table.append(tr);
        }
        sheet.append(el("div", { class: "form" }, table));
      }
      const sevClass = { "错误": "error", "警告": "warning", "提示": "info" };
      const notes = el("div", { class: "notes" });
      if (t.notes.length) {
        const ol = el("ol");
        for (const n of t.notes) ol.append(el("li", { class: sevClass[n.severity] },
          el("b", { text: (t.rows.length ? `[${n.n}] ` : "") + n.severity }), `　${n.where ? n.where + "　" : ""}${n.message}`));
        notes.append(ol);
      } else notes.append(el("p", { class: "muted", text: "本表没有发现问题。" }));
      sheet.append(notes);
      card.append(sheet);
      box.append(card);
    }
  }

})();
