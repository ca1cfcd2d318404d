// nianbao serve: the clerk's page. Plain JS, no build step; talks to the JSON API of the same server.
"use strict";

(function () {
  const { $, api, el, say, badge, fmtTime } = window.NB;
  const state = { year: 0, status: null, filter: "", search: "" };

  // ---- years ----
  async function loadYears() {
    const data = await api("GET", "/api/years");
    const years = new Set(data.years || []);
    years.add(data.current);
    if (data.likely) years.add(data.likely);
    const fromHash = parseInt((location.hash.match(/^#\/(\d{4})/) || [])[1], 10);
    if (fromHash) years.add(fromHash);
    const sel = $("year-select");
    sel.textContent = "";
    [...years].sort((a, b) => b - a).forEach((y) => sel.append(el("option", { value: y, text: y + "年度" })));
    state.year = fromHash || data.likely || data.current;
    sel.value = state.year;
    sel.title = fromHash ? "" : "打开时显示" + (data.likely_reason || "正在收集的年度");
  }

  function setLinks() {
    const y = state.year;
    $("dl-template").href = `/api/${y}/template.xlsx`;
    $("dl-templates").href = `/api/${y}/templates.zip`;
    $("dl-summary").href = `/api/${y}/summary.xlsx`;
    $("dl-summary-invalid").href = `/api/${y}/summary.xlsx?include_invalid=1`;
    $("dl-findings").href = `/api/${y}/findings.xlsx`;
    $("dl-returns").href = `/api/${y}/returns.zip`;
    $("dl-reminders").href = `/api/${y}/reminders.xlsx`;
  }

  // ---- status ----
  async function refresh() {
    const st = await api("GET", `/api/${state.year}/status`);
    state.status = st;
    const hasRoster = !!st.roster;
    $("roster-info").textContent = hasRoster
      ? `当前名单：${st.roster.name}，共 ${st.counts ? st.counts.expected : "?"} 个单位（${fmtTime(st.roster.updated)} 更新）。`
      : "还没有名单：请先上传单位名单（可下载空白名单填写），或在网页中编辑。没有名单也可以先收件校验。";
    for (const id of ["dl-templates", "dl-summary", "dl-summary-invalid", "dl-reminders"]) $(id).classList.toggle("disabled", !hasRoster);
    $("dl-returns").classList.toggle("disabled", !st.units.some((u) => u.on_roster && u.status === "已报送·有错误" && !u.via));
    $("status-note").textContent = st.error ? "无法汇总：" + st.error : (st.internal && st.internal.length ? "内部错误：" + st.internal.join("；") : "");
    $("previous-source").value = st.previous || "none";
    $("previous-source").querySelector("option[value=file]").disabled = st.previous !== "file";
    $("previous-note").textContent = st.previous ? `跨年度核对发现 ${st.cross_year} 处问题（已计入各单位的校验结果）。` : "";
    renderCounts(st);
    renderRows();
    renderFiles(st);
    if (NB.loadRegion) NB.loadRegion();
  }

  function renderCounts(st) {
    const box = $("counts");
    box.textContent = "";
    if (!st.counts) {
      box.append(el("span", { class: "muted", text: `已收到 ${st.files.length} 个文件。上传名单后可看到每个单位的报送情况。` }));
      return;
    }
    const c = st.counts;
    const items = [["", "应报", c.expected], ["已报送", "已报", c.reported], ["已报送·通过", "通过", c.passed],
      ["已报送·有警告", "有警告", c.warned], ["已报送·有错误", "有错误", c.failed], ["无法读取", "无法读取", c.unreadable],
      ["未报送", "未报送", c.missing], ["名单外", "名单外", c.off_roster], ["被替代", "被替代", c.replaced]];
    for (const [key, label, n] of items) {
      box.append(el("span", { class: "count" + (state.filter === key ? " active" : ""), "data-filter": key,
        onclick: () => { state.filter = key; renderCounts(st); renderRows(); } }, label, el("b", { text: String(n) })));
    }
  }

  function matches(u) {
    if (state.filter === "已报送" && !(u.on_roster && u.status.startsWith("已报送"))) return false;
    if (state.filter && state.filter !== "已报送" && u.status !== state.filter) return false;
    const q = state.search.trim().toLowerCase();
    return !q || (u.name || "").toLowerCase().includes(q) || (u.code || "").toLowerCase().includes(q) ||
      (u.file || "").toLowerCase().includes(q);
  }

  function renderRows() {
    const body = $("status-rows");
    body.textContent = "";
    const st = state.status;
    if (!st) return;
    const rows = st.units.filter(matches);
    $("filter-note").textContent = st.units.length ? `显示 ${rows.length} / ${st.units.length} 行` : "";
    for (const u of rows) {
      const open = u.version ? () => { location.hash = `#/${state.year}/v/${u.version}`; } : null;
      const tpl = u.on_roster && u.status === "未报送"
        ? el("a", { href: `/api/${state.year}/template.xlsx?unit=${encodeURIComponent(u.code)}`, download: true, text: "下载预填模板" })
        : (u.version ? el("a", { href: `#/${state.year}/v/${u.version}`, text: "查看" }) : null);
      body.append(el("tr", { class: open ? "clickable" : "", "data-code": u.code, "data-status": u.status,
        onclick: (e) => { if (open && e.target.tagName !== "A") open(); } },
        el("td", { text: u.code }),
        el("td", { class: "lvl" + Math.min(u.level || 0, 4), text: u.name }),
        el("td", {}, badge(u.status)),
        el("td", { text: u.errors ? String(u.errors) : "" }),
        el("td", { text: u.warnings ? String(u.warnings) : "" }),
        el("td", { text: u.file || "" }),
        el("td", { text: [u.note || (u.via ? "包含在汇总表 " + u.via + " 中" : ""), u.rule ? "采用：" + u.rule : "",
          u.progress === "已退回" ? `已退回（${fmtTime(u.returned)}）` : "",
          u.first_error ? "首个错误：" + u.first_error : ""].filter(Boolean).join("；") }),
        el("td", {}, tpl)));
    }
    if (!st.units.length && st.files.length) {
      for (const f of st.files) {
        body.append(el("tr", { class: "clickable", onclick: () => { location.hash = `#/${state.year}/v/${f.id}`; } },
          el("td", { text: "" }), el("td", { text: f.name }), el("td", {}, badge(f.verdict)),
          el("td", {}), el("td", {}), el("td", { text: f.name }), el("td", {}), el("td", {})));
      }
    }
  }

  function renderFiles(st) {
    $("files-count").textContent = st.files.length;
    const body = $("files-rows");
    body.textContent = "";
    for (const f of st.files) {
      body.append(el("tr", {},
        el("td", {}, el("a", { href: `#/${state.year}/v/${f.id}`, text: f.name })),
        el("td", { text: f.withdrawn ? "已撤回 " + fmtTime(f.withdrawn) : (f.chosen ? "办事员选定" : "") }),
        el("td", {}, badge(f.verdict)),
        el("td", { text: fmtTime(f.modified) }),
        el("td", { text: fmtTime(f.received) }),
        el("td", {}, el("a", { href: `/api/${state.year}/versions/${f.id}/file`, download: true, text: "原文件" }))));
    }
  }

  // ---- uploads ----
  async function uploadFiles(list) {
    const files = [...list];
    if (!files.length) return;
    const log = $("upload-log");
    const bar = $("progress-bar");
    $("progress").hidden = false;
    bar.max = files.length;
    bar.value = 0;
    let done = 0, bad = 0;
    const show = () => { $("progress-text").textContent = `已校验 ${done} / ${files.length} 个文件` + (bad ? `，其中 ${bad} 个有错误或无法读取` : ""); bar.value = done; };
    show();
    // One drop is one batch: the server orders a unit's files of one batch by modification time, as a folder.
    const batch = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
    const queue = files.slice();
    async function worker() {
      while (queue.length) {
        const f = queue.shift();
        const fd = new FormData();
        fd.append("modified", String(f.lastModified || 0));
        fd.append("file", f, f.name);
        try {
          const year = state.year;
          const doc = await api("POST", `/api/${year}/submissions?batch=${batch}`, fd);
          for (const u of doc.uploads) {
            if (u.kind && u.kind !== "下级汇总表") { // not filed: say where it belongs
              const li = el("li", { "data-kind": u.kind }, el("span", { class: "kind", text: `【${u.kind}】` }), " ", u.name, "：", u.message || "");
              if (u.kind === "其他年度" && u.year && u.sha256) { // the server keeps the file: a file inside a zip too
                li.append(" ", el("button", { type: "button", class: "small", "data-act": "to-year", text: `放入 ${u.year} 年度`, onclick: async () => {
                  try {
                    await api("POST", `/api/${u.year}/received/${u.sha256}?name=${encodeURIComponent(u.name)}`);
                    say(`已将“${u.name}”放入 ${u.year} 年度的工作区。`, true); li.remove();
                  } catch (e) { say(e.message); }
                } }));
              }
              if (u.kind === "名单" && f.name === u.name) {
                li.append(" ", el("button", { type: "button", class: "small", "data-act": "as-roster", text: `用作 ${year} 年度的名单`,
                  onclick: () => uploadRoster(f) }));
              }
              log.prepend(li);
              continue;
            }
            if (u.kind === "下级汇总表") {
              log.prepend(el("li", { "data-kind": u.kind }, el("span", { class: "kind", text: "【下级汇总表】" }), " ", u.name, "：", u.message || "",
                u.double && u.double.length ? el("span", { class: "muted", text: `；重复汇总（单独报送的文件不采用）：${u.double.join("、")}` }) : null));
              continue;
            }
            const file = doc.files.find((x) => x.sha256 === u.sha256) || {};
            const errs = (file.findings || []).filter((x) => x.severity === "错误").length;
            if (u.verdict === "有错误" || u.verdict === "无法读取") bad++;
            log.prepend(el("li", { "data-verdict": u.verdict }, badge(u.verdict), " ", u.name,
              u.duplicate ? el("span", { class: "muted", text: `（与已收到的“${u.duplicate_of}”完全相同，未重复记录）` }) : null,
              errs ? el("span", { class: "muted", text: `　${errs} 处错误` }) : null));
          }
          for (const s of doc.skipped || []) log.prepend(el("li", { class: "muted", text: "跳过（不是报表文件）：" + s }));
        } catch (e) {
          bad++;
          log.prepend(el("li", {}, badge("无法读取"), " " + f.name + "：" + e.message));
        }
        done++;
        show();
      }
    }
    await Promise.all([worker(), worker(), worker()]);
    $("progress-text").textContent += "。完成。";
    await refresh();
  }

  function setupDrop() {
    const drop = $("drop");
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); uploadFiles(e.dataTransfer.files); });
    $("file-input").addEventListener("change", (e) => { uploadFiles(e.target.files).catch((x) => say(x.message)); e.target.value = ""; });
  }

  // ---- roster ----
  async function uploadRoster(file) {
    const fd = new FormData();
    fd.append("file", file, file.name);
    $("roster-problems").hidden = true;
    try {
      const r = await api("PUT", `/api/${state.year}/roster`, fd);
      say(`名单已保存：${r.units} 个单位。`, true);
    } catch (e) {
      showProblems(e);
    }
    await refresh();
  }

  function showProblems(e) {
    say(e.message);
    const ul = $("roster-problems");
    ul.textContent = "";
    for (const p of (e.data && e.data.problems) || []) ul.append(el("li", { text: p }));
    ul.hidden = !ul.children.length;
  }

  function editorRow(u) {
    const cell = (v, ph) => el("td", {}, el("input", { value: v || "", placeholder: ph }));
    return el("tr", {}, cell(u.Code, "代码"), cell(u.Name, "名称"), cell(u.Parent, "顶层留空"), cell(u.Category, "可选"),
      el("td", {}, el("button", { type: "button", text: "删除", onclick: (e) => e.target.closest("tr").remove() })));
  }

  async function openEditor() {
    const data = await api("GET", `/api/${state.year}/roster`);
    const body = $("roster-rows");
    body.textContent = "";
    const units = data.units.length ? data.units : [{}];
    units.forEach((u) => body.append(editorRow(u)));
    $("roster-editor").hidden = false;
  }

  async function saveEditor() {
    const units = [...$("roster-rows").querySelectorAll("tr")].map((tr) => {
      const v = [...tr.querySelectorAll("input")].map((i) => i.value);
      return { Code: v[0], Name: v[1], Parent: v[2], Category: v[3] };
    });
    try {
      const r = await api("PUT", `/api/${state.year}/units`, { units: units });
      say(`名单已保存：${r.units} 个单位。`, true);
      $("roster-editor").hidden = true;
      $("roster-problems").hidden = true;
    } catch (e) {
      showProblems(e);
    }
    await refresh();
  }

  // ---- previous year ----
  async function setPrevious(source, file) {
    const fd = new FormData();
    fd.append("source", source);
    if (file) fd.append("file", file, file.name);
    $("previous-note").textContent = "正在重新校验全部文件……";
    try {
      await api("PUT", `/api/${state.year}/previous`, fd);
      say(source === "none" ? "已取消跨年度核对。" : "已按上一年度数据重新校验全部文件。", true);
    } catch (e) {
      say(e.message);
    }
    await refresh();
  }

  // ---- routing ----
  // route shows the view the address names. body[data-shown] holds that address once the view is filled in
  // and scrolled to the top: a script (or a test) waiting on it knows the page will not move under a click.
  async function route() {
    const shown = location.hash;
    document.body.removeAttribute("data-shown");
    say("");
    const m = location.hash.match(/^#\/(\d{4})(?:\/v\/(\d+))?/);
    if (m && parseInt(m[1], 10) !== state.year) {
      state.year = parseInt(m[1], 10);
      if (![...$("year-select").options].some((o) => o.value === m[1])) $("year-select").append(el("option", { value: m[1], text: m[1] + "年度" }));
      $("year-select").value = state.year;
      setLinks();
    }
    const unit = m && m[2];
    $("workspace-view").hidden = !!unit;
    $("unit-view").hidden = !unit;
    try {
      if (unit) await NB.showVersion(state.year, unit);
      else await refresh();
    } catch (e) {
      say(e.message);
    }
    window.scrollTo(0, 0);
    if (location.hash === shown) document.body.setAttribute("data-shown", shown); // else a newer route is on its way
  }

  async function start() {
    try {
      await loadYears();
    } catch (e) {
      say(e.message);
      return;
    }
    setLinks();
    setupDrop();
    $("year-select").addEventListener("change", (e) => { location.hash = `#/${e.target.value}`; });
    $("year-new").addEventListener("click", () => {
      const y = parseInt(window.prompt("请输入报告年度（如 2024）：", String(state.year)), 10);
      if (y >= 2008 && y <= 2100) location.hash = `#/${y}`;
    });
    $("roster-copy").addEventListener("click", async () => {
      try { const r = await api("POST", `/api/${state.year}/roster/copy-previous`); say(`已复制${r.name}：${r.units} 个单位。`, true); }
      catch (e) { showProblems(e); }
      await refresh();
    });
    $("roster-input").addEventListener("change", (e) => { if (e.target.files[0]) uploadRoster(e.target.files[0]); e.target.value = ""; });
    $("roster-edit").addEventListener("click", () => openEditor().catch((x) => say(x.message)));
    $("roster-add").addEventListener("click", () => $("roster-rows").append(editorRow({})));
    $("roster-save").addEventListener("click", saveEditor);
    $("roster-cancel").addEventListener("click", () => { $("roster-editor").hidden = true; });
    $("search").addEventListener("input", (e) => { state.search = e.target.value; renderRows(); });
    $("previous-source").addEventListener("change", (e) => { if (e.target.value !== "file") setPrevious(e.target.value); });
    $("previous-input").addEventListener("change", (e) => { if (e.target.files[0]) setPrevious("file", e.target.files[0]); e.target.value = ""; });
    $("dl-returns").addEventListener("click", () => setTimeout(() => refresh().catch(() => {}), 1500));
    $("dl-log").addEventListener("click", async (e) => {
      e.preventDefault();
      const box = $("log-rows");
      try {
        const lg = await api("GET", `/api/${state.year}/log`);
        box.textContent = "";
        for (const x of lg.log.slice().reverse()) box.append(el("li", { text: `${fmtTime(x.time)}　${x.actor}　${x.act}` + (x.unit ? `（${x.unit}）` : "") }));
        box.hidden = false;
      } catch (err) { say(err.message); }
    });
    $("back").addEventListener("click", (e) => { e.preventDefault(); location.hash = `#/${state.year}`; });
    window.addEventListener("hashchange", route);
    if (!location.hash) history.replaceState(null, "", `#/${state.year}`);
    await route();
    document.body.setAttribute("data-ready", "1");
  }

  document.addEventListener("DOMContentLoaded", start);
})();
