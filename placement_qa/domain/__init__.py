"""The service's rules in plain Python: no Qt, no SQL."""
