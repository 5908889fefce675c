"""The static report site: pages and charts from the published marts (see build.py)."""
from fazhi.site.build import SiteBuild, build_site, site_dir_for, site_version

__all__ = ["SiteBuild", "build_site", "site_dir_for", "site_version"]
