// Builds the map from the JSON in #kg-data. Every text from the graph is set with
// textContent (or as an attribute value), never as HTML, so a name like <img onerror=...>
// shows as text. Positions come fixed from kg, so the same data draws the same picture.
// The keys read from #kg-data are declared in kg/views/page_data.py (PageData, NodeData, EdgeData):
// a key used here and not declared there fails tests/unit/test_maps.py.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  data.nodes.forEach(function (n) { n.fullLabel = n.label; n.baseColor = n.color; });
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  const adjacent = new Map(data.nodes.map(function (n) { return [n.id, []]; }));
  data.edges.forEach(function (e) {
    adjacent.get(e.from).push({ other: e.to, edge: e });
    adjacent.get(e.to).push({ other: e.from, edge: e });
  });
  const container = document.getElementById("kg-network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.kgNetwork = network;
  window.kgCounts = { nodes: data.nodes.length, edges: data.edges.length };
  window.kgSettled = false;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function legendRow(list, label, color, shape) {
    const li = el("li", null, shape);
    const glyph = el("span", null, "glyph");
    glyph.style.setProperty("--c", color);
    li.appendChild(glyph);
    li.appendChild(document.createTextNode(label));
    list.appendChild(li);
    return li;
  }

  // --- what is shown: type filters, years, an isolated community, a re-centred scope -----------
  const state = { types: new Set(data.filters), community: null, scope: null, from: null, to: null, byYear: false };
  function visible(n) {
    if (data.filters.length && n.kind !== "Paper" && !state.types.has(n.kind)) return false;
    if (state.community !== null && n.community !== state.community &&
        !(state.community === -1 && n.community >= 9)) return false;
    if (state.scope && !state.scope.has(n.id)) return false;
    if (n.kind === "Paper" && (state.from !== null || state.to !== null)) {
      if (!n.year || (state.from !== null && n.year < state.from) || (state.to !== null && n.year > state.to)) return false;
    }
    return true;
  }
  function yearColour(year) {
    const lo = data.years[0], hi = data.years[data.years.length - 1];
    const t = hi > lo ? (year - lo) / (hi - lo) : 1;
    return "hsl(222, 80%, " + Math.round(85 - 55 * t) + "%)";
  }
  function refresh() {
    nodes.update(data.nodes.map(function (n) {
      const colour = state.byYear && n.kind === "Paper" ? (n.year ? yearColour(n.year) : "#e5e7eb") : n.baseColor;
      return { id: n.id, hidden: !visible(n), color: colour };
    }));
    relabel();
  }

  // --- labels: the most important first; one that would overlap a shown one waits for zoom ---------
  const measure = document.createElement("canvas").getContext("2d");
  function labelBox(n, position, scale) {
    const size = (n.font && n.font.size) || 14;
    measure.font = size + "px Inter, system-ui, sans-serif";
    const width = measure.measureText(n.fullLabel).width * scale;
    const height = size * scale * 1.15;
    const dom = network.canvasToDOM(position);
    const top = dom.y + ((n.size || 10) + 3) * scale;
    return { id: n.id, left: dom.x - width / 2 - 2, right: dom.x + width / 2 + 2, top: top, bottom: top + height };
  }
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  // Labels grow with their node: at the first view (the whole map fitted) the smallest shown label is
  // data.labels.min px on screen and the biggest node's data.labels.max px; zooming scales them all.
  function fitLabels() {
    const scale = network.getScale() || 1;
    const updates = data.nodes.map(function (n) {
      const px = data.labels.min + (n.label_scale || 0) * (data.labels.max - data.labels.min);
      n.font = Object.assign({}, n.font || {}, { size: Math.round(100 * px / scale) / 100 });
      return { id: n.id, font: n.font };
    });
    nodes.update(updates);
  }
  window.kgLabelPx = function () {  // each shown label's size on screen, in px
    const scale = network.getScale();
    return data.nodes.filter(function (n) { return visible(n) && nodes.get(n.id).label !== " "; }).map(function (n) {
      return { id: n.id, px: n.font.size * scale, papers: n.papers, kind: n.kind };
    });
  };
  let shownBoxes = [];
  function relabel() {
    const scale = network.getScale();
    const positions = network.getPositions();
    const order = data.nodes.filter(visible).sort(function (a, b) {
      return b.priority - a.priority || (a.id < b.id ? -1 : 1);
    });
    const kept = [];
    const updates = [];
    order.forEach(function (n) {
      const box = labelBox(n, positions[n.id], scale);
      const readable = ((n.font && n.font.size) || 14) * scale >= 6;
      const show = readable && !kept.some(function (k) { return overlaps(k, box); });
      if (show) kept.push(box);
      updates.push({ id: n.id, label: show ? n.fullLabel : " " });
    });
    nodes.update(updates);
    shownBoxes = kept;
  }
  window.kgLabelBoxes = function () { return shownBoxes.slice(); };
  let pending = null;
  function relabelSoon() {
    clearTimeout(pending);
    pending = setTimeout(relabel, 120);
  }
  network.on("zoom", relabelSoon);
  network.on("dragEnd", relabelSoon);
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { network.redraw(); fitView(); }, 150);
  });
  // Fit the view to what is shown (all, a community, a scope); at the whole map, labels are sized afresh.
  function fitView() {
    const shown = data.nodes.filter(visible).map(function (n) { return n.id; });
    const whole = shown.length === data.nodes.length;
    network.fit(whole ? { animation: false } : { nodes: shown, maxZoomLevel: 3, animation: false });  // vis stops at 1
    if (whole) fitLabels();
    relabel();
  }
  network.once("afterDrawing", function () {
    network.fit({ animation: false });
    fitLabels();
    relabel();
    window.kgSettled = true;
  });

  // --- legends ----------------------------------------------------------------------------------
  data.legend.forEach(function (item) { legendRow(document.getElementById("kg-legend"), item.label, item.color, item.shape); });
  data.relations.forEach(function (item) {
    legendRow(document.getElementById("kg-relations"), item.label, item.color, "line");
  });
  document.getElementById("kg-width").textContent = "Width: " + data.width + ". Arrows: one paper builds on or cites another.";
  if (data.communities.length) {
    document.getElementById("kg-communities-box").hidden = false;
    const list = document.getElementById("kg-communities");
    data.communities.forEach(function (c) {
      const li = legendRow(list, c.label + " (" + c.size + ")", c.color, "dot");
      li.dataset.community = c.index;
      li.addEventListener("click", function () {
        state.community = state.community === c.index ? null : c.index;
        Array.from(list.children).forEach(function (row) {
          row.classList.toggle("off", state.community !== null && Number(row.dataset.community) !== state.community);
        });
        refresh();
        fitView();  // an isolated community fills the view; showing all again fits the whole map
      });
    });
  }
  if (data.filters.length) {
    const box = document.getElementById("kg-filters");
    box.hidden = false;
    data.filters.forEach(function (kind) {
      const label = el("label");
      const input = el("input");
      input.type = "checkbox";
      input.checked = true;
      input.value = kind;
      input.addEventListener("change", function () {
        if (input.checked) state.types.add(kind); else state.types.delete(kind);
        refresh();
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + kind));
      box.appendChild(label);
    });
  }
  if (data.years.length) {
    document.getElementById("kg-years").hidden = false;
    const from = document.getElementById("kg-year-from"), to = document.getElementById("kg-year-to");
    from.value = data.years[0];
    to.value = data.years[data.years.length - 1];
    [from, to].forEach(function (input) {
      input.min = data.years[0];
      input.max = data.years[data.years.length - 1];
      input.addEventListener("change", function () {
        const lo = Number(from.value), hi = Number(to.value);
        const full = lo <= data.years[0] && hi >= data.years[data.years.length - 1];
        state.from = full ? null : lo;
        state.to = full ? null : hi;
        refresh();
      });
    });
    document.getElementById("kg-by-year").addEventListener("change", function (e) {
      state.byYear = e.target.checked;
      refresh();
    });
  }

  // --- search: names and aliases, partial and in any case; the hit and its neighbours stay lit ----
  const search = document.getElementById("kg-search");
  const hits = document.getElementById("kg-hits");
  const nohit = document.getElementById("kg-nohit");
  function matches(text) {
    const q = text.trim().toLowerCase();
    if (!q) return [];
    return data.nodes.map(function (n) {
      const names = [n.name].concat(n.aliases || []).map(function (s) { return s.toLowerCase(); });
      const exact = names.indexOf(q) >= 0, starts = names.some(function (s) { return s.startsWith(q); });
      const part = names.some(function (s) { return s.indexOf(q) >= 0; });
      return { n: n, rank: exact ? 0 : starts ? 1 : part ? 2 : 9 };
    }).filter(function (m) { return m.rank < 9; }).sort(function (a, b) {
      return a.rank - b.rank || b.n.papers - a.n.papers || (a.n.name < b.n.name ? -1 : 1);
    }).slice(0, 12).map(function (m) { return m.n; });
  }
  function select(id) {
    const lit = new Set([id].concat(adjacent.get(id).map(function (a) { return a.other; })));
    nodes.update(data.nodes.map(function (n) { return { id: n.id, opacity: lit.has(n.id) ? 1 : 0.15 }; }));
    window.kgLit = Array.from(lit).sort();
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
    relabel();
    pin(id);
    hits.hidden = true;
  }
  window.kgSelect = select;
  function showHits() {
    hits.replaceChildren();
    const found = matches(search.value);
    nohit.hidden = found.length > 0 || !search.value.trim();
    found.forEach(function (n) {
      const li = el("li", n.name);
      li.dataset.id = n.id;
      li.appendChild(el("small", "  " + n.kind + (n.kind === "Paper" ? "" : " · " + n.papers + " papers")));
      li.addEventListener("mousedown", function (e) { e.preventDefault(); select(n.id); });
      hits.appendChild(li);
    });
    hits.hidden = found.length === 0;
  }
  search.addEventListener("input", function () {
    nodes.update(data.nodes.map(function (n) { return { id: n.id, opacity: 1 }; }));  // the old selection goes
    window.kgLit = null;
    network.unselectAll();
    showHits();
  });
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      const first = matches(search.value)[0];
      if (first) select(first.id); else showHits();
    }
  });
  search.addEventListener("blur", function () { hits.hidden = true; });

  // --- the side panel: click a node to pin what it is, its papers and what to do next -------------
  const panel = document.getElementById("kg-panel");
  // A link read from the pinned paper: "builds on" the other paper, or "built on by" it; the bare type
  // (BUILDS_ON) said nothing about which way it went.
  const LINK_WORDS = {
    BUILDS_ON: ["builds on", "built on by"], CITES: ["cites", "cited by"],
    CITES_TEXT: ["names the title of", "title named by"], MENTIONS: ["mentions", "mentioned by"],
    PROPOSES: ["proposes", "proposed by"], USES: ["uses", "used by"], EVALUATED_ON: ["evaluated on", "evaluates"],
    OPTIMISES: ["optimises", "optimised by"], CO_OCCURS: ["shares papers with", "shares papers with"],
  };
  function linkWords(relation, outgoing) {
    const words = LINK_WORDS[relation] || [relation.replace(/_/g, " ").toLowerCase() + " →", "← " + relation.replace(/_/g, " ").toLowerCase()];
    return words[outgoing ? 0 : 1];
  }
  function paperRows(id) {
    const n = byId.get(id);
    if (n.paper_rows) {  // the overview draws no papers: each concept carries its newest ones
      return n.paper_rows.map(function (r) {
        return { id: r.id, title: r.title, year: r.year || "", relation: r.relation, evidence: r.evidence || "" };
      });
    }
    return adjacent.get(id).filter(function (a) { return byId.get(a.other).kind === "Paper"; }).map(function (a) {
      const p = byId.get(a.other);
      return { id: p.id, title: p.name, year: p.year || "", relation: a.edge.relation, evidence: a.edge.evidence || "" };
    });
  }
  function table(columns, rows, caption) {
    const t = el("table");
    if (caption) t.appendChild(el("caption", caption));
    const head = el("tr");
    columns.forEach(function (c) {
      const th = el("th", c.label);
      th.title = "sort";
      th.addEventListener("click", function () {
        rows.sort(function (a, b) { return String(a[c.key]).localeCompare(String(b[c.key]), undefined, { numeric: true }); });
        fill();
      });
      head.appendChild(th);
    });
    t.appendChild(head);
    function fill() {
      while (t.rows.length > 1) t.deleteRow(1);
      rows.forEach(function (r) {
        const tr = el("tr");
        columns.forEach(function (c) { tr.appendChild(el("td", r[c.key], c.key === "evidence" ? "evidence" : "")); });
        t.appendChild(tr);
      });
    }
    fill();
    t.tsv = function () {
      return [columns.map(function (c) { return c.label; }).join("\t")].concat(rows.map(function (r) {
        return columns.map(function (c) { return String(r[c.key]).replace(/\s+/g, " "); }).join("\t");
      })).join("\n");
    };
    return t;
  }
  function comparison(id) {
    // methods x datasets among this node's papers, from USES / PROPOSES and EVALUATED_ON (as ORKG compares)
    const counts = new Map(), methods = new Map(), datasets = new Map();
    paperRows(id).forEach(function (row) {
      const links = adjacent.get(row.id);
      if (!links) return;  // a paper the page does not draw (the overview's panel rows)
      const ms = links.filter(function (a) { return byId.get(a.other).kind === "Method" && (a.edge.relation === "USES" || a.edge.relation === "PROPOSES"); });
      const ds = links.filter(function (a) { return byId.get(a.other).kind === "Dataset" && a.edge.relation === "EVALUATED_ON"; });
      ms.forEach(function (m) {
        ds.forEach(function (d) {
          const key = m.other + "\u0000" + d.other;
          counts.set(key, (counts.get(key) || 0) + 1);
          methods.set(m.other, (methods.get(m.other) || 0) + 1);
          datasets.set(d.other, (datasets.get(d.other) || 0) + 1);
        });
      });
    });
    if (!counts.size) return null;
    const top = function (m) { return Array.from(m.keys()).sort(function (a, b) { return m.get(b) - m.get(a); }).slice(0, 6); };
    const rows = top(methods).map(function (m) {
      const row = { method: byId.get(m).name };
      top(datasets).forEach(function (d) { row[d] = counts.get(m + "\u0000" + d) || ""; });
      return row;
    });
    const columns = [{ key: "method", label: "method \\ dataset" }].concat(top(datasets).map(function (d) {
      return { key: d, label: byId.get(d).name };
    }));
    return table(columns, rows, "Papers using a method (rows) evaluated on a dataset (columns)");
  }
  function centreHere(id) {
    const scope = new Set([id]);
    let frontier = [id];
    for (let hop = 0; hop < 2; hop++) {
      const next = [];
      frontier.forEach(function (v) {
        adjacent.get(v).forEach(function (a) { if (!scope.has(a.other)) { scope.add(a.other); next.push(a.other); } });
      });
      frontier = next;
    }
    state.scope = scope;
    refresh();
    network.fit({ nodes: Array.from(scope), animation: false });
    relabel();
  }
  function copy(text, button) {
    const area = el("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    let done = false;
    try { done = document.execCommand("copy"); } catch (err) { done = false; }
    area.remove();
    if (!done && navigator.clipboard) navigator.clipboard.writeText(text).catch(function () {});
    button.textContent = "Copied";
  }
  function pin(id) {
    const n = byId.get(id);
    panel.replaceChildren();
    panel.hidden = false;
    panel.dataset.id = id;
    panel.appendChild(el("h2", n.name));
    if (n.kind === "Paper") {
      panel.appendChild(el("p", [n.year || "year unknown", n.authors ? n.authors + " authors" : ""].filter(Boolean).join(" · ")));
      if (n.opening) panel.appendChild(el("p", n.opening));
      if (n.link) {
        const p = el("p");
        if (n.link.url) {
          const a = el("a", n.link.text);
          a.href = n.link.url;
          a.target = "_blank";
          a.rel = "noopener";
          p.appendChild(a);
        } else {
          p.textContent = "Source: " + n.link.text;
        }
        panel.appendChild(p);
      }
    } else {
      (n.info || []).forEach(function (row) { panel.appendChild(el("p", row[1], row[0])); });
    }
    const actions = el("p", null, "actions");
    const centre = el("button", "Centre here");
    centre.type = "button";
    centre.addEventListener("click", function () { centreHere(id); });
    actions.appendChild(centre);
    if (state.scope) {
      const all = el("button", "Show all");
      all.type = "button";
      all.addEventListener("click", function () { state.scope = null; refresh(); network.fit({ animation: false }); relabel(); });
      actions.appendChild(all);
    }
    panel.appendChild(actions);
    let rows;
    if (n.kind === "Paper") {
      rows = adjacent.get(id).map(function (a) {
        const o = byId.get(a.other);
        return { title: o.name, year: o.kind === "Paper" ? (o.year || "") : o.kind, relation: linkWords(a.edge.relation, a.edge.from === id), evidence: a.edge.evidence || (a.edge.via || []).join(", ") };
      });
    } else {
      rows = paperRows(id);
    }
    if (n.page) {  // the overview links each concept to its neighbourhood page, kg show's file name
      const p = el("p", null, "neighbourhood");
      const a = el("a", "Open its neighbourhood (" + n.page + ")");
      a.href = n.page;
      p.appendChild(a);
      panel.appendChild(p);
      const how = el("p", "No such page beside this map yet? Make it in this folder with:", "hint");
      how.appendChild(el("code", n.command));
      panel.appendChild(how);
    }
    if (rows.length) {
      const paper = n.kind === "Paper";
      const t = table([{ key: "relation", label: paper ? "this paper" : "relation" },
        { key: "title", label: paper ? "linked to" : "paper" }, { key: "year", label: "year" },
        { key: "evidence", label: "evidence" }], rows);
      const button = el("button", "Copy table");
      button.type = "button";
      button.addEventListener("click", function () { copy(t.tsv(), button); });
      actions.appendChild(button);
      panel.appendChild(t);
      panel.tsv = t.tsv;
      if (n.more_papers) panel.appendChild(el("p", "… and " + n.more_papers + " older papers (kg show lists more)", "hint"));
    }
    if (n.kind === "Method" || n.kind === "Dataset") {
      const compared = comparison(id);
      if (compared) panel.appendChild(compared);
    }
  }
  network.on("click", function (params) {
    if (params.nodes.length) pin(params.nodes[0]);
  });
  network.on("doubleClick", function (params) {
    const n = params.nodes.length ? byId.get(params.nodes[0]) : null;
    if (n && n.link && n.link.url) window.open(n.link.url, "_blank", "noopener");
  });

  // --- hover: nodes and links explain themselves ---------------------------------------------------
  // A tooltip stays small (page.css bounds it; long texts are cut here, marked "…") and inside the window,
  // on whichever side of the pointer has room: the panel, pinned by a click, has everything.
  const tip = document.getElementById("kg-tooltip");
  const TIP_ROWS = 4, TIP_CHARS = 180;
  function cut(text) { return text.length > TIP_CHARS ? text.slice(0, TIP_CHARS - 1) + "…" : text; }
  function place(pointer) {
    const box = container.getBoundingClientRect();
    tip.hidden = false;
    const x = box.left + pointer.DOM.x, y = box.top + pointer.DOM.y;
    const w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.max(4, x + 14 + w > window.innerWidth ? x - 14 - w : x + 14) + "px";
    tip.style.top = Math.max(4, y + 14 + h > window.innerHeight ? y - 14 - h : y + 14) + "px";
  }
  network.on("hoverNode", function (params) {
    const n = byId.get(params.node);
    tip.replaceChildren(el("h2", cut(n.name)));
    const info = n.info || [];
    info.slice(0, TIP_ROWS).forEach(function (row) { tip.appendChild(el("p", cut(row[1]), row[0])); });
    if (info.length > TIP_ROWS) tip.appendChild(el("p", "… " + (info.length - TIP_ROWS) + " more: click to pin the panel", "more"));
    if (n.kind === "Paper" && n.year) tip.appendChild(el("p", n.year));
    place(params.pointer);
  });
  network.on("hoverEdge", function (params) {
    const e = edges.get(params.edge);
    tip.replaceChildren(el("h2", byId.get(e.from).name + " → " + byId.get(e.to).name));
    tip.appendChild(el("p", e.relation.replace(/_/g, " ").toLowerCase() + (e.papers ? " · " + e.papers + " shared papers" : "")));
    if (e.via && e.via.length) tip.appendChild(el("p", "via " + e.via.join(", ")));
    if (e.evidence) tip.appendChild(el("p", cut("“" + e.evidence + "”"), "evidence"));
    place(params.pointer);
  });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("blurEdge", function () { tip.hidden = true; });

  // --- export what is on screen ---------------------------------------------------------------------
  function shownPapers() {
    const drawn = data.nodes.filter(function (n) { return n.kind === "Paper"; });
    if (drawn.length || !data.csv_papers.length) {
      return drawn.filter(function (n) { return !nodes.get(n.id).hidden; });
    }
    // the overview draws no papers: the papers its shown concepts carry, newest first, once each
    const shown = new Set();
    data.nodes.filter(function (n) { return !nodes.get(n.id).hidden; }).forEach(function (n) {
      (n.paper_rows || []).forEach(function (r) { shown.add(r.id); });
    });
    return data.csv_papers.filter(function (r) { return shown.has(r.id); }).map(function (r) {
      return { name: r.title, year: r.year, link: r.link, authors: null };
    });
  }
  function csvCell(v) { return /[",\n]/.test(String(v)) ? '"' + String(v).replace(/"/g, '""') + '"' : String(v); }
  function bibText(v) { return String(v).replace(/[{}\\]/g, ""); }
  window.kgExport = {
    png: function () { return container.querySelector("canvas").toDataURL("image/png"); },
    csv: function () {
      return ["title,year,link"].concat(shownPapers().map(function (p) {
        return [p.name, p.year || "", p.link ? (p.link.url || p.link.text) : ""].map(csvCell).join(",");
      })).join("\n") + "\n";
    },
    // kg keeps how many authors a paper has, not their names (the page dumps give a count), so no
    // author field; the arXiv id and DOI go in the fields reference managers read (eprint, doi).
    bibtex: function () {
      return shownPapers().map(function (p, i) {
        const fields = ["  title = {" + bibText(p.name) + "}"];
        if (p.year) fields.push("  year = {" + p.year + "}");
        const text = (p.link && p.link.text) || "";
        if (text.startsWith("arXiv:")) fields.push("  eprint = {" + bibText(text.slice(6)) + "}", "  archiveprefix = {arXiv}");
        if (text.startsWith("doi:")) fields.push("  doi = {" + bibText(text.slice(4)) + "}");
        if (p.link && p.link.url) fields.push("  url = {" + p.link.url + "}");
        if (p.authors) fields.push("  note = {" + p.authors + " author" + (p.authors === 1 ? "" : "s") + "}");
        const key = text.startsWith("arXiv:") ? "arxiv" + text.slice(6).replace(/[^0-9A-Za-z]/g, "") : "kg" + (i + 1);
        return "@misc{" + key + ",\n" + fields.join(",\n") + "\n}";
      }).join("\n\n") + "\n";
    },
  };
  function download(name, url) {
    const a = el("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  function textUrl(text, type) { return URL.createObjectURL(new Blob([text], { type: type })); }
  document.getElementById("kg-png").addEventListener("click", function () { download("kg-map.png", window.kgExport.png()); });
  document.getElementById("kg-csv").addEventListener("click", function () { download("kg-papers.csv", textUrl(window.kgExport.csv(), "text/csv")); });
  document.getElementById("kg-bib").addEventListener("click", function () { download("kg-papers.bib", textUrl(window.kgExport.bibtex(), "application/x-bibtex")); });
})();
