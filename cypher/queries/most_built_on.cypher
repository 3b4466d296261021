// Papers the corpus builds on or cites most, counting BUILDS_ON, CITES_TEXT and CITES links.
// param limit: int = 20 — how many papers to return
// example: kg query most_built_on --param limit=10
MATCH (o:Paper)<-[r:BUILDS_ON|CITES|CITES_TEXT]-(p:Paper)
RETURN o.title AS paper, count(DISTINCT p) AS papers, collect(DISTINCT type(r)) AS links
ORDER BY papers DESC, paper
LIMIT $limit
