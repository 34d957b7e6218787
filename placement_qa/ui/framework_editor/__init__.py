"""The QA framework editor: sections, criteria and rating scale; import and export."""

from .dialog import FrameworkEditorDialog

__all__ = ["FrameworkEditorDialog"]
