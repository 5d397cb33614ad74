"""The Customers page: customers, their balance due, payments and statements."""
