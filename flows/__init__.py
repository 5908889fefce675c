"""Prefect flows: they decide when the steps of `fazhi` run, never how text is read."""
