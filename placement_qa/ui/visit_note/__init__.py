"""The window in which a visit is recorded: framework findings, each child, the overall
judgement, follow-up actions; autosaved as a draft, signed off, amended with a reason."""
