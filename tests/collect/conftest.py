"""The fake government site (fake_gov_site.py) is imported by the tests of this folder and by bench/."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
