"""Printed reports — visit notes, the monthly schedule, the board report, the register
list, a month's notes in a batch — laid out with reportlab, which is imported only
when a report is made (never at start-up)."""
