// Reads a GEXF file with graphology-gexf (the parser of Gephi Lite and sigma.js) and prints what it
// holds as JSON: every node and edge with its attributes, as that reader types them.
const fs = require("fs");
const { DOMParser } = require("@xmldom/xmldom");
const Graph = require("graphology");
const gexf = require("graphology-gexf");

const text = fs.readFileSync(process.argv[2], "utf-8");
const graph = gexf.parse(Graph, text, { allowUndeclaredAttributes: false, DOMParser: DOMParser });
const nodes = graph.mapNodes((id, attrs) => ({ id, ...attrs }));
const edges = graph.mapEdges((id, attrs, source, target) => ({ id, source, target, ...attrs }));
process.stdout.write(JSON.stringify({ type: graph.type, multi: graph.multi, nodes, edges }));
