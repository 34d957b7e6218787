"""Qt screens: the main window and its register view (the only package that imports Qt)."""
