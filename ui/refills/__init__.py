"""refills: the "Refill automatically…" dialog (per service or per order)"""
