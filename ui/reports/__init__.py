"""The Reports page: the reseller's ledger by month, customer, panel or service."""
