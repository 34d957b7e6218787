"""Printed reports (visit notes, schedules, board reports): reportlab, loaded only when a
report is made. Empty until issue #6."""
