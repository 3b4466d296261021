// Papers linked to a paper within a few paper-to-paper hops, in either direction.
// param paper: string — the paper's id, or its exact title
// param hops: int = 2 — how far to walk (1 to 3)
// param limit: int = 100 — how many papers to return
// example: kg query citation_neighbourhood --param paper="SPLADE: Sparse Lexical and Expansion Model for First Stage Ranking" --param hops=2
MATCH (p:Paper)
WHERE p.id = $paper OR p.title = $paper
MATCH path = (p)-[:BUILDS_ON|CITES|CITES_TEXT*1..3]-(o:Paper)
WHERE length(path) <= $hops AND o <> p
RETURN o.id AS id, o.title AS paper, min(length(path)) AS hops, o.stub AS stub
ORDER BY hops, paper
LIMIT $limit
