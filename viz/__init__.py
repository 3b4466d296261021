"""Rendering assets shipped with kg as package data (see kg.views.render)."""
