// Which of a list of values are concept ids already: the ones a list parameter passes on unlooked-up.
UNWIND $ids AS given
MATCH (c:Concept {id: given})
RETURN c.id AS id
