"""Comparing across panels: the Compare side panel, the order form's cheaper route and failover
offer, the link warnings, and the currency settings."""
