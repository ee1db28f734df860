// attntrace's interactive page: lays out the data attntrace put in #attntrace-data. Plain JavaScript, no
// build step, nothing fetched. It never computes a model value: every number shown is one the library
// rounded (whole numbers of 10^-precision; see attntrace/interactive/data.py), and every text is set with
// textContent, never parsed as HTML.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("attntrace-data").textContent);
  const P = D.precision;
  const SCALE = Math.pow(10, P);
  const N = D.tokens.length;
  const SVGNS = "http://www.w3.org/2000/svg";
  const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"];
  const state = { lang: D.lang, tab: "head", layer: 0, heads: null, pinned: null, nlayer: 0, nhead: 0,
    query: 0, step: 0, stepHead: 0 };
  const STEPS = {};
  D.steps.forEach(function (s, i) { s.index = i; STEPS[s.name] = s; });
  const ATT = D.attention;
  const cache = new Map();

  // --- messages, numbers ------------------------------------------------------------------------------
  function msg(key, fields) {
    const entry = D.messages[key];
    const text = entry[state.lang] || entry.en;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return fields && Object.prototype.hasOwnProperty.call(fields, name) ? String(fields[name]) : all;
    });
  }
  let BUFFER = null;  // every number of the page, unpacked once at load (see start below)
  function decode(enc) {
    if (!enc) return null;
    if (cache.has(enc)) return cache.get(enc);
    const Kind = enc.t === "b" ? Uint8Array : enc.t === "i2" ? Int16Array : Int32Array;
    const out = { arr: new Kind(BUFFER, enc.o, enc.n), x: enc.x, bool: enc.t === "b" };
    cache.set(enc, out);
    return out;
  }
  // the text of value i: the decimal point placed in the whole number the library rounded
  function text(dec, i) {
    if (dec.bool) return dec.arr[i] ? "✓" : "·";
    if (Object.prototype.hasOwnProperty.call(dec.x, String(i))) return dec.x[i];
    const n = dec.arr[i];
    if (P === 0) return String(n);
    const digits = String(Math.abs(n)).padStart(P + 1, "0");
    return (n < 0 ? "-" : "") + digits.slice(0, -P) + "." + digits.slice(-P);
  }
  // a shown value as a number, only to size a line or shade a cell
  function shade(dec, i) {
    if (Object.prototype.hasOwnProperty.call(dec.x, String(i))) return 0;
    return dec.arr[i] / SCALE;
  }
  function factor(s) { return s.charAt(0) === "-" ? "(" + s + ")" : s; }
  function data(name) { const s = STEPS[name]; return s && s.data ? decode(s.data) : null; }
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    if (attrs) for (const k in attrs) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function svg(tag, attrs) {
    const node = document.createElementNS(SVGNS, tag);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    return node;
  }
  function heat(v) {
    v = Math.min(Math.max(isNaN(v) ? 0 : v, 0), 1);
    const lo = [235, 242, 255], hi = [8, 48, 140];
    return [0, 1, 2].map(function (c) { return Math.round(lo[c] + (hi[c] - lo[c]) * v); });
  }
  function label(i) { return D.labels.token[i]; }
  function tokenNode(tag, i) {
    const node = el(tag, { text: label(i) });
    if (D.special[i]) { node.classList.add("special"); node.title = msg("page.special"); }
    return node;
  }
  function headLabel(h) { return msg("render.head", { head: h }); }
  function allowedOf(att) {
    const mask = att && att.mask ? decode(att.mask) : null;
    return function (i, j) { return !mask || mask.arr[i * N + j] === 1; };
  }

  // --- page frame ---------------------------------------------------------------------------------------
  const app = document.getElementById("app");
  const TABS = ["head", "model", "neuron", "steps"];
  const panels = {};
  let tabButtons = {};

  function frame() {
    app.textContent = "";
    document.documentElement.lang = state.lang === "zh" ? "zh-Hans" : "en";
    const langButton = el("button", { id: "lang", text: msg("page.lang") });
    langButton.addEventListener("click", function () { state.lang = state.lang === "zh" ? "en" : "zh"; frame(); });
    const tokens = el("p", { class: "meta", id: "tokens" }, [msg("render.tokens") + ": "]);
    D.tokens.forEach(function (tok, i) {
      if (i) tokens.appendChild(document.createTextNode(" / "));
      tokens.appendChild(tokenNode("span", i));
    });
    app.appendChild(el("header", null, [
      el("div", { class: "topbar" }, [el("h1", { text: msg("page.title") }), langButton]),
      el("p", { class: "sentence", id: "sentence", text: D.text }),
      tokens,
      el("p", { class: "meta", text: D.config.line[state.lang] }),
      el("p", { class: "meta", text: msg("page.precision", { precision: P }) }),
    ]));
    const list = el("div", { role: "tablist" });
    tabButtons = {};
    TABS.forEach(function (name) {
      const b = el("button", { role: "tab", id: "tab-" + name, "aria-controls": "view-" + name, text: msg("page.tab." + name) });
      b.addEventListener("click", function () { select(name); });
      b.addEventListener("keydown", function (e) {
        const k = TABS.indexOf(name);
        const next = e.key === "ArrowRight" ? k + 1 : e.key === "ArrowLeft" ? k - 1 : e.key === "Home" ? 0 : e.key === "End" ? TABS.length - 1 : null;
        if (next === null) return;
        e.preventDefault();
        const to = TABS[(next + TABS.length) % TABS.length];
        select(to);
        tabButtons[to].focus();
      });
      tabButtons[name] = b;
      list.appendChild(b);
    });
    app.appendChild(list);
    TABS.forEach(function (name) {
      panels[name] = el("section", { role: "tabpanel", id: "view-" + name, "aria-labelledby": "tab-" + name });
      app.appendChild(panels[name]);
    });
    select(state.tab);
  }

  function select(name) {
    state.tab = name;
    TABS.forEach(function (t) {
      tabButtons[t].setAttribute("aria-selected", String(t === name));
      tabButtons[t].tabIndex = t === name ? 0 : -1;
      panels[t].hidden = t !== name;
    });
    ({ head: headView, model: modelView, neuron: neuronView, steps: stepsView })[name](panels[name]);
  }

  function layerSelect(current, onChange, id) {
    const s = el("select", { id: id, "aria-label": msg("page.layer") });
    ATT.forEach(function (att, k) { s.appendChild(el("option", { value: String(k), text: "blocks." + att.layer })); });
    s.value = String(current);
    s.addEventListener("change", function () { onChange(Number(s.value)); });
    return el("label", null, [msg("page.layer") + " ", s]);
  }
  function noWeights(panel) {
    if (ATT.length) return false;
    panel.appendChild(el("p", { class: "note", text: msg("page.no_weights") }));
    return true;
  }

  // --- head view: lines from each query to each key --------------------------------------------------------
  function headView(panel) {
    panel.textContent = "";
    if (noWeights(panel)) return;
    if (state.heads === null) state.heads = D.heads.length <= 4 ? D.heads.map(function (_, k) { return k; }) : [0];
    panel.appendChild(el("p", { class: "hint", text: msg("page.head.hint") }));
    const heads = el("div", { class: "heads", role: "group", "aria-label": msg("page.heads") }, [msg("page.heads") + ":"]);
    D.heads.forEach(function (h, k) {
      const box = el("input", { type: "checkbox", id: "head-" + h, "data-head": String(h) });
      box.checked = state.heads.indexOf(k) >= 0;
      box.addEventListener("change", function () {
        state.heads = D.heads.map(function (_, j) { return j; }).filter(function (j) {
          return document.getElementById("head-" + D.heads[j]).checked;
        });
        draw();
      });
      const lab = el("label", { for: "head-" + h }, [box, headLabel(h)]);
      lab.style.borderColor = COLOURS[k % COLOURS.length];
      heads.appendChild(lab);
    });
    const all = el("button", { text: msg("page.heads.all") });
    all.addEventListener("click", function () { state.heads = D.heads.map(function (_, k) { return k; }); headView(panel); });
    const none = el("button", { text: msg("page.heads.none") });
    none.addEventListener("click", function () { state.heads = []; headView(panel); });
    heads.appendChild(all); heads.appendChild(none);
    panel.appendChild(el("div", { class: "controls" }, [
      layerSelect(state.layer, function (k) { state.layer = k; state.pinned = null; draw(); }, "head-layer"), heads]));
    const box = el("div", { class: "headview" });
    const picture = el("div");
    const numbers = el("div", { class: "numbers", id: "head-numbers", "aria-live": "polite" });
    box.appendChild(picture); box.appendChild(numbers);
    panel.appendChild(box);
    let lines = [], groups = [], keyMode = false, texts = { q: [], k: [] };

    function draw() {
      picture.textContent = "";
      numbers.textContent = "";
      const att = ATT[state.layer];
      const W = data("blocks." + att.layer + ".attn.weights");
      const allowed = allowedOf(att);
      const rowH = 22, top = 16, width = 560, left = 170, right = width - 170;
      const s = svg("svg", { class: "attn", width: width, height: top * 2 + rowH * N, role: "group",
        "aria-label": "blocks." + att.layer + ".attn.weights" });
      // lines grouped by query, so pointing at a query hides N groups rather than N² × heads lines; each line
      // gets its tooltip (weight as text) when the pointer first reaches it, not thousands of them up front
      lines = []; groups = [];
      for (let i = 0; i < N; i++) { groups.push(svg("g", { class: "q-group", "data-q": i })); s.appendChild(groups[i]); }
      state.heads.forEach(function (k) {
        const colour = COLOURS[k % COLOURS.length];
        for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
          if (!allowed(i, j)) continue;
          const idx = (k * N + i) * N + j;
          const w = shade(W, idx);
          const line = svg("line", { x1: left + 6, y1: top + rowH * i + rowH / 2, x2: right - 6, y2: top + rowH * j + rowH / 2,
            stroke: colour, "stroke-width": (0.3 + 5 * w).toFixed(2), "stroke-opacity": (0.1 + 0.85 * w).toFixed(3),
            "data-q": i, "data-k": j, "data-head": D.heads[k], "data-index": idx, class: "attn-line" });
          groups[i].appendChild(line);
          lines.push(line);
        }
      });
      s.addEventListener("mouseover", function (e) {
        const line = e.target;
        if (!line.classList || !line.classList.contains("attn-line") || line.firstChild) return;
        const title = svg("title", {});
        title.textContent = msg("page.head.line", { head: line.dataset.head, query: label(Number(line.dataset.q)),
          key: label(Number(line.dataset.k)), weight: text(W, Number(line.dataset.index)) });
        line.appendChild(title);
      });
      texts = { q: [], k: [] };
      for (let i = 0; i < N; i++) {
        [["q", left, "end"], ["k", right, "start"]].forEach(function (side) {
          const t = svg("text", { x: side[1], y: top + rowH * i + rowH / 2 + 4, "text-anchor": side[2], tabindex: "0",
            role: "button", "data-side": side[0], "data-index": i, class: "tok" + (D.special[i] ? " special" : "") });
          t.textContent = label(i);
          if (D.special[i]) { const tt = svg("title", {}); tt.textContent = msg("page.special"); t.appendChild(tt); }
          t.addEventListener("mouseenter", function () { show(side[0], i); });
          t.addEventListener("mouseleave", function () { show(null); });
          t.addEventListener("focus", function () { show(side[0], i); });
          t.addEventListener("blur", function () { show(null); });
          t.addEventListener("click", function () { pin(side[0], i); });
          t.addEventListener("keydown", function (e) {
            if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pin(side[0], i); }
            if (e.key === "Escape") { state.pinned = null; show(null); }
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              const to = texts[side[0]][(i + (e.key === "ArrowDown" ? 1 : N - 1)) % N];
              to.focus();
            }
          });
          s.appendChild(t);
          texts[side[0]].push(t);
        });
      }
      picture.appendChild(s);
      if (!state.heads.length) numbers.appendChild(el("p", { class: "note", text: msg("page.head.none_selected") }));
      show(null);
    }
    function pin(side, i) {
      state.pinned = state.pinned && state.pinned[0] === side && state.pinned[1] === i ? null : [side, i];
      show(side, i);
    }
    function show(side, i) {
      if (side === null && state.pinned) { side = state.pinned[0]; i = state.pinned[1]; }
      groups.forEach(function (g, q) { g.classList.toggle("off", side === "q" && q !== i); });
      if (side === "k" || keyMode) {  // a key: its lines come from every query, so go line by line
        lines.forEach(function (line) { line.classList.toggle("off", side === "k" && Number(line.dataset.k) !== i); });
        keyMode = side === "k";
      }
      ["q", "k"].forEach(function (sd) { texts[sd].forEach(function (t, j) { t.classList.toggle("on", sd === side && j === i); }); });
      numbers.textContent = "";
      if (side === null || !state.heads.length) return;
      const att = ATT[state.layer];
      const W = data("blocks." + att.layer + ".attn.weights");
      const allowed = allowedOf(att);
      const table = el("table", { id: "head-table" });
      table.appendChild(el("caption", { text: msg("page.head.table", { token: label(i), side: msg(side === "q" ? "page.side.query" : "page.side.key") }) }));
      const head = el("tr", null, [el("th", { scope: "col", text: msg(side === "q" ? "page.side.key" : "page.side.query") })]);
      state.heads.forEach(function (k) {
        const th = el("th", { scope: "col", text: headLabel(D.heads[k]) });
        th.style.color = COLOURS[k % COLOURS.length];
        head.appendChild(th);
      });
      table.appendChild(el("thead", null, [head]));
      const body = el("tbody");
      for (let j = 0; j < N; j++) {
        const tr = el("tr", null, [el("th", { scope: "row", class: "row" }, [tokenNode("span", j)])]);
        state.heads.forEach(function (k) {
          const q = side === "q" ? i : j, key = side === "q" ? j : i;
          if (!allowed(q, key)) tr.appendChild(el("td", { class: "masked", text: msg("page.masked"), title: msg("focus.masked") }));
          else tr.appendChild(el("td", { text: text(W, (k * N + q) * N + key) }));
        });
        body.appendChild(tr);
      }
      table.appendChild(body);
      numbers.appendChild(table);
    }
    draw();
  }

  // --- model view: every layer × head as a thumbnail ---------------------------------------------------------
  function modelView(panel) {
    panel.textContent = "";
    if (noWeights(panel)) return;
    panel.appendChild(el("p", { class: "hint", text: msg("page.model.hint") }));
    const grid = el("div", { class: "grid", role: "group", "aria-label": msg("page.tab.model") });
    ATT.forEach(function (att, la) {
      const W = data("blocks." + att.layer + ".attn.weights");
      const allowed = allowedOf(att);
      const row = el("div", { class: "row", role: "group", "aria-label": "blocks." + att.layer },
        [el("span", { class: "lab", text: "blocks." + att.layer })]);
      D.heads.forEach(function (h, k) {
        const canvas = el("canvas", { width: N, height: N });
        const ctx = canvas.getContext("2d");
        const image = ctx.createImageData(N, N);
        for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
          const p = (i * N + j) * 4;
          const rgb = allowed(i, j) ? heat(Math.sqrt(Math.max(shade(W, (k * N + i) * N + j), 0))) : [250, 250, 250];  // √: faint heads still show their shape
          image.data[p] = rgb[0]; image.data[p + 1] = rgb[1]; image.data[p + 2] = rgb[2]; image.data[p + 3] = 255;
        }
        ctx.putImageData(image, 0, 0);
        const b = el("button", { class: "thumb", "data-layer": String(att.layer), "data-head": String(h),
          "aria-label": msg("page.model.thumb", { layer: att.layer, head: h }), title: msg("page.model.thumb", { layer: att.layer, head: h }) },
        [canvas, el("span", { text: "L" + att.layer + " H" + h })]);
        b.addEventListener("click", function () { state.layer = la; state.heads = [k]; state.pinned = null; select("head"); });
        b.addEventListener("keydown", function (e) {
          const moves = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
          if (!moves[e.key]) return;
          e.preventDefault();
          const to = grid.querySelector('[data-layer="' + (ATT[la + moves[e.key][0]] || att).layer + '"][data-head="' +
            (D.heads[k + moves[e.key][1]] === undefined ? h : D.heads[k + moves[e.key][1]]) + '"]');
          if (to) to.focus();
        });
        row.appendChild(b);
      });
      grid.appendChild(row);
    });
    panel.appendChild(grid);
  }

  // --- neuron view: the arithmetic of one query ------------------------------------------------------------
  function neuronView(panel) {
    panel.textContent = "";
    if (noWeights(panel)) return;
    panel.appendChild(el("p", { class: "hint", text: msg("page.neuron.hint", { precision: P }) }));
    const headSel = el("select", { id: "neuron-head", "aria-label": msg("page.head_one") });
    D.heads.forEach(function (h, k) { headSel.appendChild(el("option", { value: String(k), text: headLabel(h) })); });
    headSel.value = String(state.nhead);
    headSel.addEventListener("change", function () { state.nhead = Number(headSel.value); neuronView(panel); });
    const querySel = el("select", { id: "neuron-query", "aria-label": msg("page.query") });
    D.tokens.forEach(function (_, i) { querySel.appendChild(el("option", { value: String(i), text: i + " " + label(i) })); });
    querySel.value = String(state.query);
    querySel.addEventListener("change", function () { state.query = Number(querySel.value); neuronView(panel); });
    panel.appendChild(el("div", { class: "controls" }, [
      layerSelect(state.nlayer, function (k) { state.nlayer = k; neuronView(panel); }, "neuron-layer"),
      el("label", null, [msg("page.head_one") + " ", headSel]), el("label", null, [msg("page.query") + " ", querySel])]));
    const att = ATT[state.nlayer], a = "blocks." + att.layer + ".attn.";
    const need = [att.q, att.k, att.v, a + "scores", a + "scaled", a + "weights", a + "Z"];
    const missing = need.filter(function (n) { return !n || !data(n); }).map(function (n) { return n || "Q/K/V"; });
    if (missing.length || !att.softmax) {
      panel.appendChild(el("p", { class: "note", id: "neuron-missing", text: msg("page.neuron.missing", { layer: att.layer, steps: missing.join(", ") || a + "scaled" }) }));
      return;
    }
    const k = state.nhead, i = state.query, h = D.heads[k];
    const Q = data(att.q), K = data(att.k), V = data(att.v), S = data(a + "scores"), SC = data(a + "scaled");
    const W = data(a + "weights"), Z = data(a + "Z"), sm = att.softmax;
    const MX = decode(sm.max), SH = decode(sm.shifted), EX = decode(sm.exps), TOT = decode(sm.total);
    const dk = STEPS[att.q].shape[2];
    const kk = att.kv && att.kv_steps.indexOf("k") >= 0 ? att.kv[k] : k;
    const vk = att.kv && att.kv_steps.indexOf("v") >= 0 ? att.kv[k] : k;
    const allowed = allowedOf(att);
    const keys = []; for (let j = 0; j < N; j++) if (allowed(i, j)) keys.push(j);
    const dlab = D.labels.head_dim || [];
    const view = el("div", { id: "neuron" });
    panel.appendChild(view);
    const title = el("h2", { class: "step-title" }, [msg("page.neuron.title", { token: label(i), pos: i, layer: att.layer, head: h })]);
    view.appendChild(title);
    if (att.kv) {
      const shared = D.heads.filter(function (_, j) { return att.kv[j] === att.kv[k]; }).join(", ");
      view.appendChild(el("p", { class: "meta", text: msg("page.neuron.kv", { kv: att.kv[k], shared: shared }) }));
    }
    const cells = {};  // name -> element, for highlighting where a number came from
    function td(name, value, extra) {
      const c = el("td", Object.assign({ text: value, "data-cell": name }, extra || {}));
      cells[name] = c;
      return c;
    }
    function vectorTable(id, rowsOf, prefix, dec, headIndex) {
      const table = el("table", { id: id });
      const hr = el("tr", null, [el("th", { text: "" })]);
      for (let c = 0; c < dk; c++) hr.appendChild(el("th", { scope: "col", text: dlab[c] || "d" + c }));
      table.appendChild(el("thead", null, [hr]));
      const body = el("tbody");
      rowsOf.forEach(function (j) {
        const tr = el("tr", null, [el("th", { scope: "row", class: "row" }, [prefix + "[", tokenNode("span", j), "]"])]);
        for (let c = 0; c < dk; c++) tr.appendChild(td(id + ":" + j + ":" + c, text(dec, (headIndex * N + j) * dk + c)));
        body.appendChild(tr);
      });
      table.appendChild(body);
      return el("div", { class: "tablewrap" }, [table]);
    }
    // 1) q
    view.appendChild(el("h3", { text: msg("page.neuron.q", { token: label(i), step: att.q }) }));
    view.appendChild(vectorTable("nq", [i], "q", Q, k));
    // 2) k_j
    view.appendChild(el("h3", { text: msg("page.neuron.k", { step: att.k + (kk !== k ? " [" + msg("page.kv_head", { head: kk }) + "]" : "") }) }));
    view.appendChild(vectorTable("nk", keys, "k", K, kk));
    // 3) scores and softmax
    const row = (k * N + i);
    view.appendChild(el("h3", { text: msg("page.neuron.scores", { d_k: sm.d_k, root: sm.root }) }));
    view.appendChild(el("p", { class: "caption", text: msg("why.scaled") }));
    view.appendChild(el("p", { class: "eq", id: "neuron-max" }, [msg("page.neuron.softmax", { m: text(MX, row) })]));
    cells.max = view.lastChild;
    view.appendChild(el("p", { class: "caption", text: msg("focus.softmax.why") }));
    const st = el("table", { id: "neuron-softmax" });
    const hr = el("tr");
    ["page.neuron.key", "page.neuron.dot", "page.neuron.div", "page.neuron.shift", "page.neuron.exp", "page.neuron.weight"].forEach(function (key) {
      hr.appendChild(el("th", { scope: "col", text: msg(key) }));
    });
    st.appendChild(el("thead", null, [hr]));
    const sb = el("tbody");
    for (let j = 0; j < N; j++) {
      const idx = row * N + j;
      const tr = el("tr", { "data-key": String(j) }, [el("th", { scope: "row", class: "row" }, [tokenNode("span", j)])]);
      if (!allowed(i, j)) {
        tr.appendChild(el("td", { class: "masked", colspan: "4", text: msg("page.masked"), title: msg("focus.masked") }));
        tr.appendChild(td("w:" + j, text(W, idx), { class: "masked" }));
      } else {
        tr.appendChild(td("s:" + j, text(S, idx)));
        tr.appendChild(td("sc:" + j, text(SC, idx)));
        tr.appendChild(td("sh:" + j, text(SH, idx)));
        tr.appendChild(td("e:" + j, text(EX, idx)));
        tr.appendChild(td("w:" + j, text(W, idx), { tabindex: "0" }));
        tr.addEventListener("mouseenter", function () { explainKey(j); });
        tr.addEventListener("focusin", function () { explainKey(j); });
      }
      sb.appendChild(tr);
    }
    const sumRow = el("tr", null, [el("th", { scope: "row", class: "row", text: msg("page.neuron.sum") }), el("td", { colspan: "3" }),
      td("total", text(TOT, row)), el("td")]);
    sb.appendChild(sumRow);
    st.appendChild(sb);
    view.appendChild(el("div", { class: "tablewrap" }, [st]));
    const detail = el("div", { id: "neuron-detail", "aria-live": "polite" }, [el("p", { class: "hint", text: msg("page.neuron.terms") })]);
    view.appendChild(detail);

    function clearHighlight() { view.querySelectorAll(".hl").forEach(function (c) { c.classList.remove("hl"); }); }
    function light(names) { names.forEach(function (n) { if (cells[n]) cells[n].classList.add("hl"); }); }
    function eq(label_, rhs, total) { return el("p", { class: "eq" }, [label_ + " = " + rhs + " = ", el("b", { text: total })]); }
    function explainKey(j) {
      clearHighlight();
      const names = ["s:" + j, "sc:" + j, "sh:" + j, "e:" + j, "w:" + j, "total", "max"];
      for (let c = 0; c < dk; c++) names.push("nq:" + i + ":" + c, "nk:" + j + ":" + c);
      light(names);
      const idx = row * N + j, lab = label(j);
      const terms = [];
      for (let c = 0; c < dk; c++) terms.push(factor(text(Q, (k * N + i) * dk + c)) + "×" + factor(text(K, (kk * N + j) * dk + c)));
      detail.textContent = "";
      detail.appendChild(eq("s[" + lab + "] = q·k[" + lab + "]", terms.join(" + "), text(S, idx)));
      detail.appendChild(eq("s[" + lab + "] / √" + sm.d_k, text(S, idx) + " / " + sm.root, text(SC, idx)));
      detail.appendChild(eq("e[" + lab + "]", "exp(" + text(SC, idx) + " − " + factor(text(MX, row)) + ") = exp(" + text(SH, idx) + ")", text(EX, idx)));
      detail.appendChild(eq("w[" + lab + "]", text(EX, idx) + " / " + text(TOT, row), text(W, idx)));
      detail.appendChild(eq("Σ e", keys.map(function (jj) { return text(EX, row * N + jj); }).join(" + "), text(TOT, row)));
    }
    // 4) z = Σ w_j v_j
    view.appendChild(el("h3", { text: msg("page.neuron.z") }));
    view.appendChild(el("p", { class: "caption", text: msg("why.Z") }));
    const zt = el("table", { id: "neuron-z" });
    const zh = el("tr", null, [el("th", { text: "" }), el("th", { scope: "col", text: "w_j" })]);
    for (let c = 0; c < dk; c++) zh.appendChild(el("th", { scope: "col", text: "v_j[" + (dlab[c] || "d" + c) + "]" }));
    zt.appendChild(el("thead", null, [zh]));
    const zb = el("tbody");
    keys.forEach(function (j) {
      const tr = el("tr", null, [el("th", { scope: "row", class: "row" }, [tokenNode("span", j)]), td("zw:" + j, text(W, row * N + j))]);
      for (let c = 0; c < dk; c++) tr.appendChild(td("v:" + j + ":" + c, text(V, (vk * N + j) * dk + c)));
      zb.appendChild(tr);
    });
    const zr = el("tr", null, [el("th", { scope: "row", class: "row", text: msg("page.neuron.vsum", { step: a + "Z" }) }), el("td")]);
    for (let c = 0; c < dk; c++) {
      const cell = td("z:" + c, text(Z, row * dk + c), { tabindex: "0" });
      const show = function () {
        clearHighlight();
        const names = ["z:" + c];
        keys.forEach(function (j) { names.push("zw:" + j, "v:" + j + ":" + c); });
        light(names);
        detail.textContent = "";
        detail.appendChild(eq("z[" + (dlab[c] || "d" + c) + "]", keys.map(function (j) {
          return factor(text(W, row * N + j)) + "×" + factor(text(V, (vk * N + j) * dk + c));
        }).join(" + "), text(Z, row * dk + c)));
      };
      cell.addEventListener("mouseenter", show);
      cell.addEventListener("focus", show);
      zr.appendChild(cell);
    }
    zb.appendChild(zr);
    zt.appendChild(zb);
    view.appendChild(el("div", { class: "tablewrap" }, [zt]));
  }

  // --- step tables and the map of the path -------------------------------------------------------------------
  function shortName(s) { return s.layer === null ? s.name : s.name.slice(("blocks." + s.layer + ".").length); }
  function stepsView(panel) {
    panel.textContent = "";
    panel.appendChild(el("p", { class: "hint", text: msg("page.steps.hint") }));
    const map = el("nav", { class: "map", id: "step-map", "aria-label": msg("page.steps.map") });
    const buttons = [];
    const groups = [];
    D.steps.forEach(function (s) {
      const key = s.layer === null ? "in" : "L" + s.layer;
      if (!groups.length || groups[groups.length - 1].key !== key) groups.push({ key: key, steps: [] });
      groups[groups.length - 1].steps.push(s);
    });
    groups.forEach(function (g) {
      const line = el("div", { class: "layer" }, [el("span", { class: "lname", text: g.key === "in" ? "" : "blocks." + g.steps[0].layer })]);
      let first = true;
      g.steps.forEach(function (s) {
        if (!first && s.kind !== "param") line.appendChild(el("span", { class: "arrow", text: "→", "aria-hidden": "true" }));
        first = false;
        const b = el("button", { class: s.kind === "param" ? "param" : "act", "data-step": s.name, title: s.name + "   " + s.formula, text: shortName(s) });
        b.tabIndex = s.index === state.step ? 0 : -1;
        b.addEventListener("click", function () { go(s.index, false); });
        b.addEventListener("keydown", function (e) {
          const to = { ArrowRight: s.index + 1, ArrowDown: s.index + 1, ArrowLeft: s.index - 1, ArrowUp: s.index - 1, Home: 0, End: D.steps.length - 1 }[e.key];
          if (to === undefined) return;
          e.preventDefault();
          go(Math.min(Math.max(to, 0), D.steps.length - 1), true);
        });
        buttons[s.index] = b;
        line.appendChild(b);
      });
      map.appendChild(line);
    });
    panel.appendChild(el("h2", { class: "step-title", text: msg("page.steps.map") }));
    panel.appendChild(map);
    const body = el("div", { id: "step-body" });
    panel.appendChild(body);
    function go(index, focus) {
      if (state.step !== index) state.stepHead = 0;
      state.step = index;
      buttons.forEach(function (b, j) { b.setAttribute("aria-current", String(j === index)); b.tabIndex = j === index ? 0 : -1; });
      if (focus) buttons[index].focus();
      stepBody(body, D.steps[index]);
    }
    if (D.steps.length) go(Math.min(state.step, D.steps.length - 1), false);
  }

  function axisLabels(kind, size) {
    if (kind === "kv_head") return Array.from({ length: size }, function (_, g) { return msg("page.kv_head", { head: g }); });
    return D.labels[kind] || Array.from({ length: size }, function (_, g) { return String(g); });
  }
  function stepBody(body, s) {
    body.textContent = "";
    body.appendChild(el("h3", { class: "step-title" }, [s.name + "   ", el("span", { class: "formula", text: s.formula }),
      "   (" + s.shape.join(", ") + ")"]));
    if (s.why) body.appendChild(el("p", { class: "caption", text: s.why[state.lang] }));
    if (s.omitted) { body.appendChild(el("p", { class: "note", text: msg("page.steps.omitted", { cells: s.omitted.toLocaleString() }) })); return; }
    const dec = decode(s.data);
    let shape = s.shape.slice(), axes = s.axes.slice(), offset = 0;
    if (axes.length && (axes[0] === "head" || axes[0] === "kv_head")) {
      const count = shape[0], per = shape.slice(1).reduce(function (x, y) { return x * y; }, 1);
      const picker = el("div", { class: "controls", role: "group", "aria-label": msg("page.steps.head") });
      for (let k = 0; k < count; k++) {
        // K and V of grouped-query attention hold one entry per K/V head, fewer than the query heads
        const kvAxis = axes[0] === "kv_head" || count !== D.heads.length;
        const b = el("button", { "data-head": String(k), text: kvAxis ? msg("page.kv_head", { head: k }) : headLabel(D.heads[k]) });
        b.setAttribute("aria-pressed", String(k === state.stepHead));
        b.addEventListener("click", function () { state.stepHead = k; stepBody(body, s); });
        picker.appendChild(b);
      }
      body.appendChild(picker);
      state.stepHead = Math.min(state.stepHead, count - 1);
      offset = state.stepHead * per;
      shape = shape.slice(1); axes = axes.slice(1);
    }
    const rows = shape.length === 2 ? shape[0] : 1, cols = shape.length ? shape[shape.length - 1] : 1;
    const rowLab = shape.length === 2 ? axisLabels(axes[0], rows) : [""];
    const colLab = shape.length ? axisLabels(axes[axes.length - 1], cols) : [""];
    const weights = /^blocks\.\d+\.attn\.weights$/.test(s.name);
    const mask = weights ? allowedOf(ATT.filter(function (a) { return a.layer === s.layer; })[0]) : null;
    const sums = s.row_sums ? decode(s.row_sums) : null;
    const table = el("table", { id: "step-table" });
    const hr = el("tr", null, [el("th", { text: "" })]);
    colLab.forEach(function (c, j) {
      const th = el("th", { scope: "col", text: c });
      if (axes[axes.length - 1] === "key" && D.special[j]) th.classList.add("special");
      hr.appendChild(th);
    });
    if (sums) hr.appendChild(el("th", { scope: "col", text: msg("render.row_sum") }));
    table.appendChild(el("thead", null, [hr]));
    const tb = el("tbody");
    for (let i = 0; i < rows; i++) {
      const tr = el("tr", null, [el("th", { scope: "row", class: "row" + (["token", "query"].indexOf(axes[0]) >= 0 && D.special[i] ? " special" : ""), text: rowLab[i] })]);
      for (let j = 0; j < cols; j++) {
        const idx = offset + i * cols + j;
        const c = el("td", { text: text(dec, idx) });
        if (weights) {
          if (mask && !mask(i, j)) { c.classList.add("masked"); c.title = msg("focus.masked"); }
          else {
            const rgb = heat(shade(dec, idx));
            c.style.background = "rgb(" + rgb.join(",") + ")";
            if (shade(dec, idx) > 0.45) c.style.color = "#fff";
          }
        }
        tr.appendChild(c);
      }
      if (sums) tr.appendChild(el("td", { text: text(sums, (offset / cols) + i) }));
      tb.appendChild(tr);
    }
    table.appendChild(tb);
    body.appendChild(el("div", { class: "tablewrap" }, [table]));
  }

  // The numbers are gzipped in #attntrace-numbers: unpack them with the browser's own DecompressionStream
  // (no library, nothing fetched), then draw.
  async function start() {
    const bin = atob(document.getElementById("attntrace-numbers").textContent.trim());
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    BUFFER = await new Response(stream).arrayBuffer();
    frame();
    document.documentElement.setAttribute("data-ready-ms", performance.now().toFixed(1));  // benchmarks/bench_page.py
    document.documentElement.setAttribute("data-ready", "true");
  }
  start().catch(function (e) {
    app.textContent = "attntrace: this page could not be shown (" + e + "); it needs a current browser.";
    document.documentElement.setAttribute("data-ready", "error");
  });
})();
