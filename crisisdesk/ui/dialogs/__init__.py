"""The main window's dialogs: adding and authorising accounts, importing comments, escalating alerts."""
