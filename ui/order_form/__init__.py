"""The new-order form (OrderForm), its parts, and the mass order."""
