"""What the two Python drivers share (aws-cli-driver.py, python-script-driver.py; test/support/python-driver.ts starts
them): the protocol, and running one command as an interpreter runs a program.

Protocol: one JSON object per line on standard input; for each, one JSON line on standard output, `{"code": N,
"stdout": "...", "stderr": "..."}`. The process ends at the end of its input. Its own standard input and output carry
only that: the commands get an empty standard input unless the request gives one, and their output goes to buffers.
"""
import io
import json
import os
import sys
import traceback


def as_program(main, argv, environ, stdin=''):
    """Runs `main()` as the interpreter runs a program: `sys.argv`, `os.environ` and standard input set for it, its
    standard output and error captured, and its end made an exit code (`sys.exit`'s, 1 with the traceback for an
    exception). The environment is put back afterwards."""
    before = dict(os.environ)
    os.environ.clear()
    os.environ.update(environ)
    out = io.TextIOWrapper(io.BytesIO(), encoding='utf-8', write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding='utf-8', write_through=True)
    saved = sys.stdin, sys.stdout, sys.stderr, sys.argv
    sys.stdin, sys.stdout, sys.stderr, sys.argv = io.StringIO(stdin), out, err, argv
    try:
        main()
        code = 0
    except SystemExit as exit:
        if exit.code is None or isinstance(exit.code, int):
            code = exit.code or 0
        else:
            print(exit.code, file=err)
            code = 1
    except BaseException:
        traceback.print_exc(file=err)
        code = 1
    finally:
        sys.stdin, sys.stdout, sys.stderr, sys.argv = saved
        os.environ.clear()
        os.environ.update(before)
    return {'code': code, 'stdout': out.buffer.getvalue().decode('utf-8', 'replace'), 'stderr': err.buffer.getvalue().decode('utf-8', 'replace')}


def serve(answer):
    """Answers each request line with `answer(request)` (a result of `as_program`) until the input ends."""
    channel = os.fdopen(os.dup(1), 'w', encoding='utf-8')
    requests = os.fdopen(os.dup(0), 'r', encoding='utf-8')
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    sys.stdout = open(os.devnull, 'w')
    sys.stdin = open(os.devnull, 'r')
    for line in requests:
        channel.write(json.dumps(answer(json.loads(line))) + '\n')
        channel.flush()
