#!/usr/bin/env python
"""Django's manage.py; the installed `arkaofis` command is the same thing."""

from arkaofis.cli import main

if __name__ == "__main__":
    main()
