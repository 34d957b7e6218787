"""The dashboard: the provision manager's landing screen (tiles, their lists, a year's chart)."""

from .view import DashboardView

__all__ = ["DashboardView"]
