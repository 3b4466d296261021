// Details of papers and concepts by id: type, name or title, paper count and aliases.
// param ids: list — node ids, comma-separated on the command line
// example: kg query nodes --param ids=method:clip,dataset:imagenet
MATCH (n:Paper)
WHERE n.id IN $ids
RETURN n.id AS id, 'Paper' AS type, n.title AS name, 1 AS papers, [] AS aliases
UNION ALL
MATCH (n:Concept)
WHERE n.id IN $ids
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Concept'][0] AS type, n.name AS name,
       n.papers AS papers, n.aliases AS aliases
