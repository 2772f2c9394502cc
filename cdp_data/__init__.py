"""Combating Drugs Partnership data: the domain package (no UI imports)."""
