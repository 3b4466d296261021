// Builds the map from the JSON in #kg-data. Every text from the graph is set with
// textContent or as an option value, never as HTML, so a name like <img onerror=...>
// shows as text.
(function () {
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const container = document.getElementById("kg-network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.kgNetwork = network;
  window.kgCounts = { nodes: data.nodes.length, edges: data.edges.length };
  window.kgSettled = false;
  function settle() {
    network.setOptions({ physics: false });
    window.kgSettled = true;
  }
  if (data.options.physics && data.options.physics.enabled === false) {
    window.kgSettled = true;
  } else {
    network.once("stabilizationIterationsDone", settle);
  }

  const legend = document.getElementById("kg-legend");
  data.legend.forEach(function (item) {
    const li = document.createElement("li");
    li.className = item.shape;
    const glyph = document.createElement("span");
    glyph.className = "glyph";
    glyph.style.setProperty("--c", item.color);
    li.appendChild(glyph);
    li.appendChild(document.createTextNode(item.label));
    legend.appendChild(li);
  });

  if (data.filters.length) {
    const box = document.getElementById("kg-filters");
    box.hidden = false;
    data.filters.forEach(function (kind) {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "checkbox";
      input.checked = true;
      input.value = kind;
      input.addEventListener("change", function () {
        nodes.update(data.nodes.filter(function (n) { return n.kind === kind; })
          .map(function (n) { return { id: n.id, hidden: !input.checked }; }));
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + kind));
      box.appendChild(label);
    });
  }

  const names = document.getElementById("kg-names");
  const byName = new Map();
  data.nodes.forEach(function (n) {
    byName.set(n.name.toLowerCase(), n.id);
    const option = document.createElement("option");
    option.value = n.name;
    names.appendChild(option);
  });
  document.getElementById("kg-search").addEventListener("change", function (e) {
    const id = byName.get(e.target.value.toLowerCase());
    if (id !== undefined) {
      network.selectNodes([id]);
      network.focus(id, { scale: 1.3, animation: true });
    }
  });

  const tip = document.getElementById("kg-tooltip");
  function line(cls, text) {
    const p = document.createElement("p");
    if (cls) p.className = cls;
    p.textContent = text;
    tip.appendChild(p);
  }
  network.on("hoverNode", function (params) {
    const n = nodes.get(params.node);
    tip.replaceChildren();
    const h = document.createElement("h2");
    h.textContent = n.name;
    tip.appendChild(h);
    (n.info || []).forEach(function (row) { line(row[0], row[1]); });
    const box = container.getBoundingClientRect();
    tip.style.left = box.left + params.pointer.DOM.x + 14 + "px";
    tip.style.top = box.top + params.pointer.DOM.y + 14 + "px";
    tip.hidden = false;
  });
  network.on("blurNode", function () { tip.hidden = true; });
})();
