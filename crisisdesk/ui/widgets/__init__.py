"""Small reusable widgets and models shared by the panes."""
