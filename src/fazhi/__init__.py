"""Fazhi Warehouse: rule-of-law government reports as a data warehouse."""
