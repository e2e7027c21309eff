"""One module per main-window pane; each is built the first time its tab is shown."""
