#!/usr/bin/env python
"""Django's manage.py for Custodiet; the installed ``custodiet`` command does the same."""

from custodiet.cli import main

if __name__ == "__main__":
    main()
