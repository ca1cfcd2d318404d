// nianbao serve: the findings of one received file as the text report lists them — each fault with its
// consequences indented under it ("因此：…", not counted as errors; 无法核对 when a cell could not be read) —
// and the explanations (出错说明) of its warnings, which the clerk can type, change, accept or remove.
"use strict";

(function () {
  const { $, api, el, say } = window.NB;
  const sevClass = { "错误": "error", "警告": "warning", "提示": "info" };

  function line(n) {
    return [n.where ? n.where + "　" : "", n.message].join("");
  }

  // explainBox is the 说明 of one warning: the text and who gave it, and a field to record another.
  function explainBox(n, year, id, reload) {
    const box = el("div", { class: "explain", "data-explain": n.id });
    const save = async (text, done) => {
      try {
        const r = await api("PUT", `/api/${year}/versions/${id}/explanations`, { [n.id]: text });
        say(done + "　" + r.message, true);
        await reload();
      } catch (e) { say(e.message, false); }
    };
    if (n.explanation) {
      box.append(el("div", { class: "explained" }, el("b", { text: "说明：" }), n.explanation,
        el("span", { class: "muted", text: n.explained_by === "文件" ? "（单位在文件“校验”表中填写）" : `（${n.explained_by}在网页中记录）` })));
    }
    const input = el("textarea", { rows: 2, maxlength: 2000, placeholder: "警告确属无误时写明原因，如：本年制发的规章中有2件已于年内废止",
      "data-explain-input": n.id });
    input.value = n.explanation || "";
    const actions = el("div", { class: "actions" },
      el("button", { type: "button", class: "small primary", "data-act": "save-explanation", text: n.explanation ? "修改说明" : "保存说明",
        onclick: () => { const t = input.value.trim(); if (t) save(t, `已保存对 ${n.id} 的说明。`); else say("请先填写说明。", false); } }));
    if (n.explanation && n.explained_by !== "办事员") {
      actions.append(" ", el("button", { type: "button", class: "small", "data-act": "accept-explanation", text: "采纳此说明",
        onclick: () => save(n.explanation, `已采纳对 ${n.id} 的说明。`) }));
    }
    if (n.explanation && n.explained_by !== "文件") {
      actions.append(" ", el("button", { type: "button", class: "small", "data-act": "remove-explanation", text: "删除说明",
        onclick: () => save("", `已删除对 ${n.id} 的说明。`) }));
    }
    box.append(input, actions);
    return box;
  }

  NB.renderFindings = function renderFindings(p, year, id, reload) {
    const card = $("unit-findings");
    card.textContent = "";
    card.append(el("h2", { text: "校验结果" }));
    const groups = p.groups || [];
    if (!groups.length) {
      card.append(el("p", { class: "muted", text: "没有发现问题。" }));
      return;
    }
    const c = groups.reduce((a, g) => {
      const f = g.fault;
      if (f.severity === "错误") a.err++;
      else if (f.severity === "警告") { if (f.explanation) a.expl++; else a.warn++; }
      a.cons += g.consequences.length;
      return a;
    }, { err: 0, warn: 0, expl: 0, cons: 0 });
    card.append(el("p", { class: "muted", text: `错误 ${c.err} 条，警告 ${c.warn} 条，已说明的警告 ${c.expl} 条` +
      (c.cons ? `；另有 ${c.cons} 处由这些问题引起（“因此”），改正问题后随之消除，不单独计为错误` : "") + "。" }));
    const ol = el("ol", { class: "findings" });
    for (const g of groups) {
      const f = g.fault;
      const explained = f.severity === "警告" && f.explanation;
      const li = el("li", { class: (explained ? "explained" : sevClass[f.severity] || ""), "data-finding": f.id },
        el("b", { text: `${f.id}　${explained ? "已说明" : f.severity}` }), `　${line(f)}`);
      if (g.consequences.length) {
        const ul = el("ul", { class: "consequences" });
        for (const x of g.consequences) {
          ul.append(el("li", { class: "consequence" + (x.unchecked ? " unchecked" : ""), "data-finding": x.id, "data-because": f.id },
            el("span", { class: "because", text: x.unchecked ? "因此（无法核对）：" : "因此：" }), line(x).replace(/^(\S+!\S+　)?无法核对 /, "$1"),
            x.also && x.also.length ? el("span", { class: "muted", text: `（也因 ${x.also.join("、")}）` }) : null));
        }
        li.append(ul);
      }
      if (f.explainable) li.append(explainBox(f, year, id, reload));
      ol.append(li);
    }
    card.append(ol);
  };
})();
