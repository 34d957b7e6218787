"""Seed lists for the deterministic demo registers."""
