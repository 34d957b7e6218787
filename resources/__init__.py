"""Files the app reads at run time: demo seeds, QA frameworks, icons (data, not code)."""
