"""The keys for planning and recording a visit: the main window's and every list's the same."""

# Ctrl+Shift+V: free in the File, Register, View and Go menus and the window's own keys.
PLAN_SHORTCUT = "Ctrl+Shift+V"
RECORD_SHORTCUT = "Ctrl+R"
