// Stored papers with everything a build needs to resolve and link them again: their properties (with the
// mentions extraction found, kept as text), and the concepts they link to, for stores written before that was kept.
// param ids: list — paper ids
UNWIND $ids AS id
MATCH (p:Paper {id: id})
OPTIONAL MATCH (p)-[m:MENTIONS]->(c:Concept)
OPTIONAL MATCH (p)-[r]->(c)
WITH p, m, c, collect(type(r)) AS types
RETURN properties(p) AS paper,
       collect(CASE WHEN c IS NULL THEN NULL ELSE {name: c.name, type: [l IN labels(c) WHERE l <> 'Concept'][0],
               evidence: m.evidence, confidence: m.confidence, types: types} END) AS links
