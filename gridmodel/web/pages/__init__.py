"""The site's pages, one module each: its routes (`routes(site)`) on what
the pages share (web/site.py)."""
