"""SMM Desk's GUI: every widget, model, view and dialog (the core never imports it)."""
