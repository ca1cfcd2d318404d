// nianbao serve: the region's name (汇总范围) of the year's summary, as `summary --region`; empty means the
// roster's default (its top unit's name without the office suffix).
"use strict";

(function () {
  const { $, api, say } = window.NB;
  const year = () => parseInt((location.hash.match(/^#\/(\d{4})/) || [])[1], 10);

  NB.loadRegion = load;

  async function load() {
    const y = year();
    if (!y || !$("region-input")) return;
    try {
      const r = await api("GET", `/api/${y}/region`);
      $("region-input").value = r.region || "";
      $("region-input").placeholder = r.default ? `默认：${r.default}` : "上传名单后默认取顶层单位名称";
      $("region-note").textContent = `汇总表的标题、汇总范围和页眉使用“${r.name || "（上传名单后确定）"}”。`;
    } catch (e) { say(e.message, false); }
  }

  async function save() {
    try {
      const r = await api("PUT", `/api/${year()}/region`, { region: $("region-input").value });
      say(r.region ? `汇总范围名称已设为“${r.region}”。` : `汇总范围名称按名单默认：“${r.name}”。`, true);
    } catch (e) { say(e.message, false); }
    await load();
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("region-save").addEventListener("click", save);
    $("region-input").addEventListener("keydown", (e) => { if (e.key === "Enter") save(); });
    window.addEventListener("hashchange", load);
    load();
  });
})();
