"""Cypher statements shipped with kg as package data (see kg.library)."""
