// Builds the map from the JSON in #kg-data. Every text from the graph is set with
// textContent, never innerHTML, so a name like <img onerror=...> shows as text.
(function () {
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const container = document.getElementById("kg-network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.kgNetwork = network;
  window.kgCounts = { nodes: data.nodes.length, edges: data.edges.length };
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    window.kgSettled = true;
  });

  const legend = document.getElementById("kg-legend");
  data.legend.forEach(function (item) {
    const li = document.createElement("li");
    li.textContent = item.label;
    li.style.setProperty("--c", item.color);
    legend.appendChild(li);
  });

  const names = document.getElementById("kg-names");
  const byName = new Map();
  data.nodes.forEach(function (n) {
    byName.set(n.label.toLowerCase(), n.id);
    const option = document.createElement("option");
    option.value = n.label;
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
    h.textContent = n.label;
    tip.appendChild(h);
    (n.info || []).forEach(function (row) { line(row[0], row[1]); });
    const box = container.getBoundingClientRect();
    tip.style.left = box.left + params.pointer.DOM.x + 14 + "px";
    tip.style.top = box.top + params.pointer.DOM.y + 14 + "px";
    tip.hidden = false;
  });
  network.on("blurNode", function () { tip.hidden = true; });
})();
