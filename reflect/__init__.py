"""reflect: an encrypted journal of ethical dilemmas for social-work professionals.

The core (everything outside ``reflect.app``, ``reflect.screens`` and ``reflect.widgets``)
never imports Textual, so the command line and scripts stay fast and testable.
"""

__version__ = "0.1.0"
