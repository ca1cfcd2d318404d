// nianbao serve: the clerk's card of submission links (one per roster unit) and the log's download.
"use strict";

(function () {
  const { $, api, el, say, fmtTime } = window.NB;
  const year = () => parseInt((location.hash.match(/^#\/(\d{4})/) || [])[1] || $("year-select").value, 10);

  async function load() {
    const y = year();
    if (!y || !$("links-card")) return;
    $("dl-links").href = `/api/${y}/links.xlsx`;
    $("dl-log-xlsx").href = `/api/${y}/log.xlsx`;
    const body = $("links-rows");
    let data;
    try { data = await api("GET", `/api/${y}/links`); }
    catch (e) { body.textContent = ""; $("links-note").textContent = e.message; $("dl-links").classList.add("disabled"); return; }
    $("dl-links").classList.remove("disabled");
    $("links-note").textContent = data.note || (data.links.length ? `已为 ${data.links.length} 个单位生成报送链接。` : "还没有生成报送链接。");
    body.textContent = "";
    for (const l of data.links) {
      const act = (label, method, url, payload, done) => el("button", { type: "button", class: "small", "data-act": label, text: label,
        onclick: async () => {
          try { await api(method, url, payload); say(done, true); } catch (e) { say(e.message); }
          await load();
        } });
      body.append(el("tr", { "data-code": l.code },
        el("td", { text: l.code }), el("td", { text: l.name }),
        el("td", {}, l.url ? el("input", { class: "link-url", readonly: true, value: l.url, onfocus: (e) => e.target.select() })
          : el("span", { class: "muted", text: "无法再次导出，请重新生成" })),
        el("td", { text: fmtTime(l.created) }),
        el("td", {}, act("收回", "DELETE", `/api/${y}/links/${encodeURIComponent(l.code)}`, undefined, `已收回“${l.name}”的报送链接`), " ",
          act("重新生成", "POST", `/api/${y}/links`, { codes: [l.code], renew: true }, `已为“${l.name}”重新生成报送链接，原链接作废`))));
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!$("links-card")) return;
    $("links-create").addEventListener("click", async () => {
      try {
        const r = await api("POST", `/api/${year()}/links`, {});
        say(`已为 ${r.links.length} 个单位准备好报送链接（已有链接的单位沿用原链接）。` + (r.note ? "\n" + r.note : ""), true);
      } catch (e) { say(e.message); }
      await load();
    });
    window.addEventListener("hashchange", load);
    const wait = setInterval(() => { if (document.body.hasAttribute("data-ready")) { clearInterval(wait); load(); } }, 100);
  });
})();
