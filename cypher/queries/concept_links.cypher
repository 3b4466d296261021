// Co-occurrence links among a set of concepts, with the papers each concept has.
// param ids: list — concept ids, comma-separated on the command line
// example: kg query concept_links --param ids=method:clip,dataset:imagenet
MATCH (a:Concept)-[r:CO_OCCURS]->(b:Concept)
WHERE a.id IN $ids AND b.id IN $ids
RETURN a.id AS source, b.id AS target, r.papers AS papers, a.papers AS source_papers, b.papers AS target_papers
