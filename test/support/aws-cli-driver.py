"""Runs AWS CLI commands one after another in one Python process, each as the `aws` program runs it.

The `aws` program (v1 and Debian's v2 alike) is a launcher of a few lines: it sets `LC_CTYPE`, imports
`awscli.clidriver` and exits with what `awscli.clidriver.main()` answers for `sys.argv`. This driver does the same for
each command it is given, in one process: the import, which is most of a start (about 0.7 s of CPU of the 1 s a command
costs), happens once. Each command still gets a driver, a botocore session and plugins of its own, as in a process of
its own, with its own environment, working directory, standard output and standard error.

Protocol: one JSON object per line on standard input, `{"argv": [...], "env": {...}, "cwd": "..."}`; for each, one JSON
line on standard output, `{"code": N, "stdout": "...", "stderr": "..."}`. The process ends at the end of its input.
Started by test/support/aws-cli.ts with the interpreter of the CLI's own launcher.
"""
import io
import json
import logging
import os
import sys
import traceback

# What the import sets in the environment (awscli's own AWS_DATA_PATH, where it finds its data), set again for each command.
before = dict(os.environ)
import awscli.clidriver  # noqa: E402
from_import = {name: value for name, value in os.environ.items() if before.get(name) != value}

# The protocol's own channels; the commands' output goes to buffers in place of sys.stdout and sys.stderr, and their
# standard input is empty.
channel = os.fdopen(os.dup(1), 'w', encoding='utf-8')
requests = os.fdopen(os.dup(0), 'r', encoding='utf-8')
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
sys.stdout = open(os.devnull, 'w')
sys.stdin = open(os.devnull, 'r')

program = sys.argv[1]


def reset_logging():
    """Takes back what `--debug` set up (a handler on the root, botocore and awscli loggers, their levels)."""
    loggers = [logging.getLogger()] + [logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    for logger in loggers:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    logging.getLogger().setLevel(logging.WARNING)


def run(argv, env, cwd):
    os.environ.clear()
    os.environ.update(env)
    os.environ.update(from_import)
    if os.environ.get('LC_CTYPE', '') == 'UTF-8':
        os.environ['LC_CTYPE'] = 'en_US.UTF-8'
    os.chdir(cwd)
    out = io.TextIOWrapper(io.BytesIO(), encoding='utf-8', write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding='utf-8', write_through=True)
    saved = sys.stdout, sys.stderr, sys.argv
    sys.stdout, sys.stderr, sys.argv = out, err, [program] + argv
    try:
        code = awscli.clidriver.main()
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:
        # What the interpreter does with an exception that leaves the launcher.
        traceback.print_exc(file=err)
        code = 1
    finally:
        sys.stdout, sys.stderr, sys.argv = saved
        reset_logging()
    return {'code': code if isinstance(code, int) else 0, 'stdout': out.buffer.getvalue().decode('utf-8', 'replace'), 'stderr': err.buffer.getvalue().decode('utf-8', 'replace')}


for line in requests:
    command = json.loads(line)
    channel.write(json.dumps(run(command['argv'], command['env'], command['cwd'])) + '\n')
    channel.flush()
