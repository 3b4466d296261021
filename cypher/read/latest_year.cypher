// The latest year any paper carries, the default start of the recent period in `kg trend`.
MATCH (p:Paper)
WHERE p.year IS NOT NULL
RETURN max(p.year) AS year
