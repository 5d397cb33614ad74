"""spending"""
