// The full-text index kg search reads for concepts: names (FalkorDB's full-text index skips lists, so aliases
// are found through concept_alias_index). Run again it fails with "already indexed", which kg takes as done.
CALL db.idx.fulltext.createNodeIndex({label: 'Concept', language: 'english'}, 'name')
