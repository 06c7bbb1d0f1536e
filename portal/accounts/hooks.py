"""Reactions of the apps above to what happens to accounts, registered by dotted path.

The accounts core imports no domain app. When a client opens their account, the apps that
care (matters: the invited client becomes their matters' contact) have named a function
here from their ``AppConfig.ready()``; each is called with the new user, in the same
transaction.
"""

from __future__ import annotations

from django.utils.module_loading import import_string

_account_opened: list[str] = []


def on_account_opened(path: str) -> None:
    if path not in _account_opened:
        _account_opened.append(path)


def account_opened(user) -> None:
    for path in _account_opened:
        import_string(path)(user)
