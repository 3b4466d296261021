// Constraints and indexes for Neo4j 5; each statement is safe to repeat.
CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (p:Paper) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT concept_id IF NOT EXISTS FOR (c:Concept) REQUIRE c.id IS UNIQUE;
CREATE INDEX concept_key IF NOT EXISTS FOR (c:Concept) ON (c.key)
