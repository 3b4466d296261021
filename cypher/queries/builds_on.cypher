// What a paper builds on, and what builds on it, with the concepts and sentence behind each link.
// param paper: string — the paper's id, or its exact title
// example: kg query builds_on --param paper="SPLADE v2: Sparse Lexical and Expansion Model for Information Retrieval"
MATCH (p:Paper)
WHERE p.id = $paper OR p.title = $paper
MATCH (p)-[r:BUILDS_ON|CITES|CITES_TEXT]-(o:Paper)
RETURN CASE WHEN startNode(r) = p THEN 'builds on' ELSE 'built on by' END AS direction,
       type(r) AS link, o.title AS paper, r.via AS via, r.evidence AS evidence
ORDER BY direction, link, paper
