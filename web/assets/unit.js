// nianbao serve: the page of one received file — its tables in the official layout, failing cells marked.
"use strict";

(function () {
  const { $, api, el, say, badge, fmtTime } = window.NB;

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
    // The version that counts: the one the clerk chose, else the last received that is not withdrawn.
    const live = p.versions.filter((o) => !o.withdrawn);
    const counts = live.find((o) => o.chosen) || live[live.length - 1];
    p.versions.forEach((o, i) => {
      const act = (label, method, url, done) => el("button", { type: "button", class: "small", "data-act": label, text: label,
        onclick: async () => {
          try { await api(method, url); say(done(o.name), true); await NB.showVersion(year, id); }
          catch (e) { say(e.message, false); }
        } });
      vl.append(el("li", { "data-version": o.id },
        el("a", { href: `#/${year}/v/${o.id}`, text: `第 ${i + 1} 版：${o.name}` }), " ", badge(o.verdict),
        `　修改时间 ${fmtTime(o.modified)}　收到 ${fmtTime(o.received)}` + (o.id === v.id ? "　（当前查看）" : ""),
        o.withdrawn ? el("span", { class: "muted", text: `　已于 ${fmtTime(o.withdrawn)} 撤回，不计入状态和汇总` }) : null,
        o === counts ? el("b", { text: o.chosen ? "　采用（办事员选定）" : (live.length > 1 ? "　采用（最后收到）" : "　采用") }) : null,
        o.withdrawn ? null : " ",
        o.withdrawn || o === counts ? null : act("选定此版", "POST", `/api/${year}/versions/${o.id}/choose`, (n) => `已选定“${n}”为该单位采用的版本`),
        o.withdrawn ? null : " ",
        o.withdrawn ? null : act("撤回", "DELETE", `/api/${year}/versions/${o.id}`, (n) => `已撤回“${n}”：它不再计入状态和汇总，文件和记录仍保留`)));
    });
    NB.renderFindings(p, year, id, () => NB.showVersion(year, id));
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
        for (const n of t.notes) ol.append(el("li", { class: n.because ? "consequence" : (n.explanation ? "explained" : sevClass[n.severity]) },
          el("b", { text: (t.rows.length ? `[${n.n}] ` : "") + (n.because ? `因此（${n.because}）` : (n.explanation ? "已说明" : n.severity)) }),
          `　${n.where ? n.where + "　" : ""}${n.message}` + (n.explanation ? `（说明：${n.explanation}）` : "")));
        notes.append(ol);
      } else notes.append(el("p", { class: "muted", text: "本表没有发现问题。" }));
      sheet.append(notes);
      card.append(sheet);
      box.append(card);
    }
  }

})();
