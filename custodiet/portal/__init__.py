"""The public portal: search over everything published, and the timelines the secretariat publishes."""
