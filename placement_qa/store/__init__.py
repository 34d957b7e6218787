"""The only code that speaks SQL: the register file and its tables."""
