"""Runs Python scripts one after another in one process, each as `python -c SCRIPT ARGS...` would run it.

A boto3 script's own work is a few requests; the interpreter's start and boto3's imports are about 0.7 s of CPU each
time, paid here once. Each script gets a module namespace of its own, `sys.argv` (`['-c', ...ARGS]`), its own
environment, standard input, standard output and standard error, and boto3's default session made anew (as in a process
of its own).

Protocol (test/support/python-driver.ts): one JSON object per line on standard input, `{"source": "...", "argv":
[...], "env": {...}, "stdin": "..."}`; for each, one JSON line on standard output, `{"code": N, "stdout": "...",
"stderr": "..."}`. The process ends at the end of its input.
"""
import io
import json
import os
import sys
import traceback

# The protocol's own channel; the scripts' output goes to buffers in place of sys.stdout and sys.stderr.
channel = os.fdopen(os.dup(1), 'w', encoding='utf-8')
requests = os.fdopen(os.dup(0), 'r', encoding='utf-8')
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
base_environ = dict(os.environ)


def run(source, argv, env, stdin):
    os.environ.clear()
    os.environ.update(env)
    if 'boto3' in sys.modules:
        sys.modules['boto3'].DEFAULT_SESSION = None
    out = io.TextIOWrapper(io.BytesIO(), encoding='utf-8', write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding='utf-8', write_through=True)
    saved = sys.stdin, sys.stdout, sys.stderr, sys.argv
    sys.stdin, sys.stdout, sys.stderr, sys.argv = io.StringIO(stdin), out, err, ['-c'] + argv
    try:
        exec(compile(source, '<string>', 'exec'), {'__name__': '__main__', '__builtins__': __builtins__})
        code = 0
    except SystemExit as exit:
        if exit.code is None or isinstance(exit.code, int):
            code = exit.code or 0
        else:
            print(exit.code, file=err)
            code = 1
    except BaseException:
        # What the interpreter does with an exception that leaves the script.
        traceback.print_exc(file=err)
        code = 1
    finally:
        sys.stdin, sys.stdout, sys.stderr, sys.argv = saved
        os.environ.clear()
        os.environ.update(base_environ)
    return {'code': code, 'stdout': out.buffer.getvalue().decode('utf-8', 'replace'), 'stderr': err.buffer.getvalue().decode('utf-8', 'replace')}


for line in requests:
    request = json.loads(line)
    channel.write(json.dumps(run(request['source'], request['argv'], request['env'], request.get('stdin', ''))) + '\n')
    channel.flush()
