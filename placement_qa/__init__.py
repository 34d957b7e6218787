"""Placement QA: register, visit schedule and QA visit notes for SEND placements."""

__version__ = "0.1.0"
