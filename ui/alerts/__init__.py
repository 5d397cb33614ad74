"""alerts: the Alerts page"""
