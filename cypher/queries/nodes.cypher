// Details of papers and concepts by id: type, name or title, paper count and aliases; for papers
// also the year, authors, abstract and where to read them (DOI, arXiv id, source file and line).
// param ids: list — node ids (papers and concepts)
// example: kg query nodes --param ids=splade-sparse-lexical-and-expansion-model-92428dbec5,dataset:imagenet
MATCH (n:Paper)
WHERE n.id IN $ids
RETURN n.id AS id, 'Paper' AS type, n.title AS name, 1 AS papers, [] AS aliases, n.year AS year,
       n.authors AS authors, n.abstract AS abstract, n.doi AS doi, n.arxiv_id AS arxiv_id, n.source AS source
UNION ALL
MATCH (n:Concept)
WHERE n.id IN $ids
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Concept'][0] AS type, n.name AS name,
       n.papers AS papers, n.aliases AS aliases, null AS year, null AS authors, null AS abstract, null AS doi,
       null AS arxiv_id, null AS source
