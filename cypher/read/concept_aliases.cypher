// Every stored concept's key and aliases, so a new build resolves names against what is stored.
MATCH (c:Concept)
RETURN c.id AS id, c.key AS key, c.aliases AS aliases, [l IN labels(c) WHERE l <> 'Concept'][0] AS type
