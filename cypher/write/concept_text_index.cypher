// The full-text index kg search reads for concepts: names and aliases; safe to repeat.
CREATE FULLTEXT INDEX concept_names IF NOT EXISTS FOR (c:Concept) ON EACH [c.name, c.aliases]
