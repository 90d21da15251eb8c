"""`python -m presignkit ...` runs the command line, as the `presignkit` script does."""

from presignkit.cli import main

if __name__ == "__main__":
    main()
