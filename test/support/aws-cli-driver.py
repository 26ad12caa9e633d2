"""Runs AWS CLI commands one after another in one Python process, each as the `aws` program runs it.

The `aws` program (v1 and Debian's v2 alike) is a launcher of a few lines: it sets `LC_CTYPE`, imports
`awscli.clidriver` and exits with what `awscli.clidriver.main()` answers for `sys.argv`. This driver does the same for
each command it is given, in one process: the import, which is most of a start (about 0.7 s of CPU of the 1 s a command
costs), happens once. Each command still gets a driver, a botocore session and plugins of its own, as in a process of
its own, with its own environment, working directory, standard output and standard error.

Requests (driver_protocol.py): `{"argv": [...], "env": {...}, "cwd": "..."}`. Started by test/support/aws-cli.ts with
the interpreter of the CLI's own launcher, whose path is this script's argument.
"""
import logging
import os
import sys

from driver_protocol import as_program, serve

# What the import sets in the environment (awscli's own AWS_DATA_PATH, where it finds its data), set again for each command.
before = dict(os.environ)
import awscli.clidriver  # noqa: E402
from_import = {name: value for name, value in os.environ.items() if before.get(name) != value}

program = sys.argv[1]


def reset_logging():
    """Takes back what `--debug` set up (a handler on the root, botocore and awscli loggers, their levels)."""
    loggers = [logging.getLogger()] + [logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    for logger in loggers:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    logging.getLogger().setLevel(logging.WARNING)


def answer(request):
    environ = {**request['env'], **from_import}
    if environ.get('LC_CTYPE', '') == 'UTF-8':
        environ['LC_CTYPE'] = 'en_US.UTF-8'
    os.chdir(request['cwd'])
    try:
        # The launcher: `sys.exit(awscli.clidriver.main())`.
        return as_program(lambda: sys.exit(awscli.clidriver.main()), [program] + request['argv'], environ)
    finally:
        reset_logging()


serve(answer)
