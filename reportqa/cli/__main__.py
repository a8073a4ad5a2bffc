"""``python -m reportqa.cli``: the same command as the ``reportqa`` script."""

from reportqa.cli.commands import run

run()
