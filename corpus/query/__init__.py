"""Query-side language tools (inflection of query words)."""
