"""Files the register writes for other tools: CSV now, ICS and XLSX later."""
