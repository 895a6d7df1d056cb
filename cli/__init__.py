"""The command line for the clinic's IT (main.py runs it): Qt-free, each command imports
what it needs when it runs, so the app itself starts fast."""
