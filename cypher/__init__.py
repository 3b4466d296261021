"""Cypher statements shipped with kg as package data (see kg.cypher.library), which sits beside them."""
