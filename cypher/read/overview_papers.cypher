// The papers of each concept on the overview map, newest first, at most $limit each, for the side panel and
// "Papers CSV": title, year, where to read it, the evidence sentence, and the typed links besides MENTIONS.
// param ids: list — the concepts' ids
// param limit: int — papers kept per concept (total says how many it has)
UNWIND $ids AS id
MATCH (c:Concept {id: id})<-[m:MENTIONS]-(p:Paper)
OPTIONAL MATCH (p)-[r]->(c)
WHERE type(r) <> 'MENTIONS'
WITH c, p, m, collect(type(r)) AS types
ORDER BY coalesce(p.year, 0) DESC, p.id
WITH c, collect({id: p.id, title: p.title, year: p.year, evidence: m.evidence, types: types, arxiv_id: p.arxiv_id,
                 doi: p.doi, source: p.source}) AS papers
RETURN c.id AS id, papers[0..$limit] AS papers, size(papers) AS total
