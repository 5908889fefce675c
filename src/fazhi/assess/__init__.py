"""The reports under review: required content (content.py) and copying between reports (similarity.py)."""
