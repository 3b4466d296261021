// The stored copies of these papers, their properties only: what a build compares a paper read again against.
// param ids: list — paper ids
UNWIND $ids AS id
MATCH (p:Paper {id: id})
RETURN properties(p) AS paper
