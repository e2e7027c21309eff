"""Dialogs for account work: adding an account, authorising it, importing a comment file."""
