// How many nodes and relationships the store holds: what kg build reports and kg stats totals.
// (kg stats counts per label, and a concept carries two labels, Concept and its type.)
MATCH (n)
WITH count(n) AS nodes
OPTIONAL MATCH ()-[r]->()
RETURN nodes, count(r) AS relationships
