// Lint Cypher statements with Neo4j's own analyser.
// Reads JSON from stdin: {"schema": {...DbSchema}, "statements": [{"name": ..., "text": ...}]}
// Writes JSON to stdout: [{"name": ..., "diagnostics": [{"severity", "message", "line", "column"}]}]
const { lintCypherQuery } = require("@neo4j-cypher/language-support");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { schema, statements } = JSON.parse(input);
  const results = statements.map(({ name, text }) => {
    const found = lintCypherQuery(text, schema);
    const diagnostics = (found.diagnostics || found).map((d) => ({
      severity: d.severity,
      message: d.message,
      line: d.range ? d.range.start.line + 1 : null,
      column: d.range ? d.range.start.character + 1 : null,
    }));
    return { name, diagnostics };
  });
  process.stdout.write(JSON.stringify(results));
});
