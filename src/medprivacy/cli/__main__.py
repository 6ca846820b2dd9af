"""``python -m medprivacy.cli``."""

from medprivacy.cli import main

main()
