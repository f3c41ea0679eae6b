"""The rule modules, shipped as ``cleaner.rules``: one family of rules per module.

To add a rule, add a ``Rule`` subclass with an ``id``, ``summary``, ``why`` and ``examples`` to
a module here (or a new module); it is discovered and its examples run as tests.
"""
