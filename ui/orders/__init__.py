"""The Orders page: the list of orders, its details, filters and actions."""
