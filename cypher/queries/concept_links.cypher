// Co-occurrence links among a set of concepts, with the papers each concept has.
// param ids: concepts — concepts by id, name or alias: comma-separated, or a JSON list (["CLIP", "ImageNet"])
// example: kg query concept_links --param ids="CLIP,ImageNet,contrastive learning"
MATCH (a:Concept)-[r:CO_OCCURS]->(b:Concept)
WHERE a.id IN $ids AND b.id IN $ids
RETURN a.id AS source, b.id AS target, r.papers AS papers, a.papers AS source_papers, b.papers AS target_papers
