"""schedules: the "Schedule…" dialog of the order form and the Scheduled page"""
