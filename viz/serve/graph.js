// kg serve's graph view: a concept or paper and its neighbours, grown by clicking a node.
// Each click fetches /api/expand/<id> and adds what is new; the ids expanded so far are in the URL
// (?expand=...), pushed to history, so back and forward undo and redo a step and a link shares it.
// Shapes, colours and label sizes come from viz/style.json, as in the static maps. Every text is set
// as text (textContent, vis-network's plain-string tooltips), never as HTML.
(function () {
  "use strict";
  const cfg = JSON.parse(document.getElementById("kg-graph-data").textContent);
  const style = cfg.style;
  const container = document.getElementById("kg-graph");
  const side = document.getElementById("kg-node");
  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const options = Object.assign({}, style.options, {
    interaction: Object.assign({}, style.options.interaction, { hover: true, tooltipDelay: 150 }),
  });
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  const state = { expanded: [], generation: 0, known: new Map() };
  window.kgNetwork = network;
  window.kgGraph = { ready: false, nodes: 0, edges: 0, expanded: [], errors: 0 };

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function short(text, limit) {
    text = String(text || "");
    return text.length <= limit ? text : text.slice(0, limit - 1) + "…";
  }
  function words(relation) { return String(relation || "").replace(/_/g, " ").toLowerCase(); }

  // --- how a node and a link look --------------------------------------------------------------------
  function nodeView(n) {
    const kind = style.types[n.type] || style.types.Method;
    const paper = n.type === "Paper";
    const scale = Math.min(1, Math.log1p(n.papers || 1) / Math.log1p(60));
    const view = {
      id: n.id, kind: n.type, name: n.name, url: n.url, papers: n.papers, year: n.year,
      label: short(n.name, paper ? 28 : 40), fullLabel: short(n.name, paper ? 28 : 40), shape: kind.shape,
      color: kind.color, priority: (n.id === cfg.centre ? 3 : paper ? 0 : 1) + scale,
      size: style.size.min + scale * (style.size.max - style.size.min) * (paper ? 0.5 : 1),
      title: n.name + "\n" + n.type + (paper ? (n.year ? " · " + n.year : "") : " · " + (n.papers || 1) + " papers"),
      font: paper ? { size: style.paperLabel.size, color: style.paperLabel.color }
        : { size: Math.round(style.label.min + scale * (style.label.max - style.label.min)) },
    };
    if (n.id === cfg.centre) {
      view.borderWidth = style.centre.borderWidth;
      view.color = { background: kind.color, border: style.centre.color };
      view.font = { size: 22 };
    }
    return view;
  }
  function edgeView(e) {
    const relation = e.type || "MENTIONS";
    const paperLink = relation === "BUILDS_ON" || relation === "CITES" || relation === "CITES_TEXT";
    const weight = typeof e.weight === "number" ? e.weight : 1;
    const width = relation === "CO_OCCURS" ? Math.min(style.edge.maxWidth, style.edge.minWidth + Math.log1p(weight))
      : style.edge.minWidth + (style.edge.maxWidth - style.edge.minWidth) * Math.min(1, weight) / 3;
    return {
      id: e.source + "\u0000" + e.target + "\u0000" + relation, from: e.source, to: e.target, relation: relation,
      color: (style.relations[relation] || style.edge.color), width: width,
      arrows: paperLink ? "to" : undefined, dashes: paperLink,
      title: words(relation === "CO_OCCURS" ? "co-occurs" : relation) + (e.evidence ? "\n“" + e.evidence + "”" : ""),
    };
  }

  // --- where new nodes go: a ring around the node they grew from, facing away from the centre ---------
  function placeAround(parentId, views) {
    const at = parentId && nodes.get(parentId) ? network.getPositions([parentId])[parentId] : { x: 0, y: 0 };
    if (!parentId) {
      views.filter(function (v) { return v.id === cfg.centre; }).forEach(function (v) { v.x = 0; v.y = 0; });
      views = views.filter(function (v) { return v.id !== cfg.centre; });
    }
    const away = Math.atan2(at.y, at.x);
    const whole = !(at.x || at.y);
    const ring = 170 + 5 * views.length;
    const papers = views.filter(function (v) { return v.kind === "Paper"; });
    const concepts = views.filter(function (v) { return v.kind !== "Paper"; });
    // concepts on an inner ring, papers on an outer one, their spokes between the concepts' spokes
    [[concepts, ring, 0], [papers, whole ? ring * 1.6 : ring * 1.35, 0.5]].forEach(function (ringOf) {
      const group = ringOf[0], radius = ringOf[1];
      const arc = whole ? 2 * Math.PI : Math.min(2 * Math.PI * 0.6, 0.35 * Math.max(group.length, 3));
      group.forEach(function (n, i) {
        const t = whole ? (i + ringOf[2]) / group.length : (group.length === 1 ? 0.5 : i / (group.length - 1));
        const angle = (whole ? 0 : away - arc / 2) + t * arc;
        n.x = at.x + radius * Math.cos(angle);
        n.y = at.y + radius * Math.sin(angle);
      });
    });
  }

  function add(data, parentId) {
    const fresh = data.nodes.filter(function (n) { return !nodes.get(n.id); })
      .filter(function (n, i, all) { return all.findIndex(function (m) { return m.id === n.id; }) === i; });
    fresh.forEach(function (n) { state.known.set(n.id, n); });
    const views = fresh.map(nodeView);
    placeAround(parentId, views);
    nodes.add(views);
    const newEdges = data.edges.map(edgeView).filter(function (e) {
      return !edges.get(e.id) && nodes.get(e.from) && nodes.get(e.to);
    });
    edges.add(newEdges.filter(function (e, i, all) { return all.findIndex(function (f) { return f.id === e.id; }) === i; }));
  }

  function fetchExpand(id) {
    return fetch("/api/expand/" + encodeURIComponent(id), { headers: { accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) throw new Error("expand " + id + ": HTTP " + r.status);
        return r.json();
      });
  }

  function counted() {
    window.kgGraph.nodes = nodes.length;
    window.kgGraph.edges = edges.length;
    window.kgGraph.expanded = state.expanded.slice();
  }

  function fitReadably() {
    network.fit({ animation: false });
    if (network.getScale() < 0.55) network.moveTo({ scale: 0.55, animation: false });
    relabel();
  }

  // --- labels: the most important first; one that would overlap a label shown waits for zoom ----------
  const measure = document.createElement("canvas").getContext("2d");
  function labelBox(n, position, scale) {
    const size = (n.font && n.font.size) || 14;
    measure.font = size + "px Inter, system-ui, sans-serif";
    const width = measure.measureText(n.fullLabel).width * scale;
    const dom = network.canvasToDOM(position);
    const top = dom.y + ((n.size || 10) + 3) * scale;
    return { left: dom.x - width / 2 - 2, right: dom.x + width / 2 + 2, top: top, bottom: top + size * scale * 1.15 };
  }
  function relabel() {
    const scale = network.getScale();
    const positions = network.getPositions();
    const kept = [];
    const updates = nodes.get().sort(function (a, b) {
      return b.priority - a.priority || (a.id < b.id ? -1 : 1);
    }).map(function (n) {
      const box = labelBox(n, positions[n.id], scale);
      const show = ((n.font && n.font.size) || 14) * scale >= 6 && !kept.some(function (k) {
        return k.left < box.right && box.left < k.right && k.top < box.bottom && box.top < k.bottom;
      });
      if (show) kept.push(box);
      return { id: n.id, label: show ? n.fullLabel : " " };
    });
    nodes.update(updates);
    window.kgGraph.labelsShown = kept.length;
  }
  let pending = null;
  function relabelSoon() {
    clearTimeout(pending);
    pending = setTimeout(relabel, 120);
  }
  network.on("zoom", relabelSoon);
  network.on("dragEnd", relabelSoon);

  // Draw the centre and then each expansion in order; a newer rebuild (back, forward) makes an older one stop.
  function rebuild(expandIds) {
    const generation = ++state.generation;
    window.kgGraph.ready = false;
    nodes.clear();
    edges.clear();
    state.expanded = [];
    let chain = cfg.initial ? Promise.resolve(cfg.initial) : fetchExpand(cfg.centre);
    chain = chain.then(function (data) {
      if (generation !== state.generation) return;
      add(data, null);
    });
    expandIds.forEach(function (id) {
      chain = chain.then(function () {
        if (generation !== state.generation || !nodes.get(id)) return null;
        return fetchExpand(id).then(function (data) {
          if (generation !== state.generation) return;
          add(data, id);
          nodes.update({ id: id, priority: 2.5 });
          state.expanded.push(id);
        });
      });
    });
    return chain.then(function () {
      if (generation !== state.generation) return;
      fitReadably();
      counted();
      window.kgGraph.ready = true;
    }).catch(failed);
  }

  function failed(err) {  // a fetch that failed: said in the side panel, counted for the tests, never silent
    window.kgGraph.errors += 1;
    window.kgGraph.ready = true;
    side.hidden = false;
    side.replaceChildren(el("p", String(err.message || err), "error"));
  }

  function expand(id) {
    if (state.expanded.indexOf(id) >= 0 || id === cfg.centre || (cfg.initial && !state.known.get(id).url)) return;
    window.kgGraph.ready = false;
    fetchExpand(id).then(function (data) {
      add(data, id);
      nodes.update({ id: id, priority: 2.5 });  // the node clicked keeps its label, after the centre's
      fitReadably();
      state.expanded.push(id);
      const url = new URL(window.location.href);
      url.searchParams.append("expand", id);
      history.pushState({ expand: state.expanded.slice() }, "", url.pathname + url.search);
      counted();
      window.kgGraph.ready = true;
    }).catch(failed);
  }

  function describe(id) {
    const n = state.known.get(id);
    if (!n) return;
    side.hidden = false;
    side.replaceChildren(el("h4", n.name));
    side.appendChild(el("p", n.type + (n.type === "Paper" ? (n.year ? " · " + n.year : "") : " · " + (n.papers || 1) + " papers")));
    if (n.url) {
      const p = el("p");
      const a = el("a", "Open its page");
      a.href = n.url;
      a.id = "kg-open-node";
      p.appendChild(a);
      side.appendChild(p);
    }
  }

  network.on("click", function (params) {
    if (!params.nodes.length) return;
    describe(params.nodes[0]);
    expand(params.nodes[0]);
  });
  network.on("doubleClick", function (params) {
    const n = params.nodes.length ? state.known.get(params.nodes[0]) : null;
    if (n && n.url) window.location.href = n.url;
  });
  window.addEventListener("popstate", function () {
    rebuild(new URL(window.location.href).searchParams.getAll("expand"));
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    if (!state.expanded.length) { fitReadably(); return; }
    history.pushState({ expand: [] }, "", window.location.pathname);
    rebuild([]);
  });
  window.kgGraph.positionOf = function (id) {  // for tests and keyboard users: where a node is on screen
    const at = network.canvasToDOM(network.getPositions([id])[id]);
    const box = container.getBoundingClientRect();
    return { x: box.left + at.x, y: box.top + at.y };
  };
  rebuild(cfg.expand || []);
})();
