// Papers ranked by the concepts they share with a set of concepts (a paper's, or an abstract's), each weighted
// by its smoothed inverse document frequency, idf = ln((1 + N) / (1 + papers)) + 1, so a rare concept counts more
// than a common one: the score is the cosine of the two tf-idf concept vectors (0 to 1). Only papers sharing a
// concept are read, then at most $candidates of them (most shared weight first) are scored in full.
// param concepts: list — ids of the concepts the paper or abstract has in the corpus
// param unseen: int = 0 — how many more concepts it has that the corpus lacks (they lengthen its own vector)
// param exclude: string = "" — a paper id to leave out: the paper itself
// param among: list — only these papers' ids; empty: every paper
// param candidates: int = 500 — papers scored in full, by shared weight
// param limit: int = 10 — how many to return
MATCH (x:Paper)
WHERE x.stub = false
WITH toFloat(count(x)) AS n
UNWIND $concepts AS cid
MATCH (c:Concept {id: cid})
WITH n, collect(DISTINCT c) AS mine
WITH n, mine, $unseen * (log(1.0 + n) + 1) ^ 2
     + reduce(s = 0.0, c IN mine | s + (log((1.0 + n) / (1.0 + c.papers)) + 1) ^ 2) AS own
UNWIND mine AS c
MATCH (c)<-[:MENTIONS]-(o:Paper)
WHERE o.id <> $exclude AND (size($among) = 0 OR o.id IN $among)
WITH n, own, o, c, log((1.0 + n) / (1.0 + c.papers)) + 1 AS idf
ORDER BY c.papers, c.name
WITH n, own, o, collect(c.name) AS shared, sum(idf * idf) AS dot
ORDER BY dot DESC, o.id
LIMIT $candidates
MATCH (o)-[:MENTIONS]->(oc:Concept)
WITH o, shared, dot, own, sum((log((1.0 + n) / (1.0 + oc.papers)) + 1) ^ 2) AS theirs
RETURN o.id AS id, o.title AS title, o.year AS year, shared, dot / sqrt(own * theirs) AS score
ORDER BY score DESC, id
LIMIT $limit
