"""The site: pages that combine several apps (home, a place, a visit), assembled above all of them."""
