// Indexes for the embedded store (FalkorDB syntax); each statement is safe to repeat.
CREATE INDEX FOR (p:Paper) ON (p.id);
CREATE INDEX FOR (c:Concept) ON (c.id);
CREATE INDEX FOR (c:Concept) ON (c.key)
