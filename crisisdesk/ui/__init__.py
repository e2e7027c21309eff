"""The Qt user interface: main window, panes, item models and background-work helpers."""
