// Concepts whose name or aliases match a full-text query, best first.
// param query: string — a full-text query in Lucene syntax, made by kg.explore.search
// param limit: int = 20 — how many to return
CALL db.index.fulltext.queryNodes('concept_names', $query) YIELD node, score
RETURN node.id AS id, node.name AS name, [l IN labels(node) WHERE l <> 'Concept'][0] AS type,
       node.aliases AS aliases, node.papers AS papers, score
ORDER BY score DESC, papers DESC, id
LIMIT $limit
