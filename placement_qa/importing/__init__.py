"""Reading spreadsheets users bring (CSV, XLSX), checking every row, and error reports."""
