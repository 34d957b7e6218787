"""Pages opened from the register: a child's, a provider's, and two lists.

Each is a plain ``QWidget`` (to put in a tab or a dialog) with an ``open_*``
function that shows it in a non-modal window of its own (the child's and the
provider's, which open each other, in :mod:`.navigation`).
"""

from .awaiting_list import AwaitingProvisionList, open_awaiting_provision
from .child_page import ChildPage
from .guardrail_exceptions import GuardrailExceptionsList, open_guardrail_exceptions
from .menu import PageActions, add_page_actions
from .navigation import open_child_page, open_provider_page
from .provider_page import ProviderPage

__all__ = [
    "AwaitingProvisionList",
    "ChildPage",
    "GuardrailExceptionsList",
    "PageActions",
    "ProviderPage",
    "add_page_actions",
    "open_awaiting_provision",
    "open_child_page",
    "open_guardrail_exceptions",
    "open_provider_page",
]
