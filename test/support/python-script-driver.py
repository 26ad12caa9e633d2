"""Runs Python scripts one after another in one process, each as `python -c SCRIPT ARGS...` would run it.

A boto3 script's own work is a few requests; the interpreter's start and boto3's imports are about 0.7 s of CPU each
time, paid here once. Each script gets a module namespace of its own, `sys.argv` (`['-c', ...ARGS]`), its own
environment, standard input, standard output and standard error, and boto3's default session made anew (as in a process
of its own).

Requests (driver_protocol.py): `{"source": "...", "argv": [...], "env": {...}, "stdin": "..."}`.
"""
import sys

from driver_protocol import as_program, serve


def answer(request):
    if 'boto3' in sys.modules:
        sys.modules['boto3'].DEFAULT_SESSION = None
    code = compile(request['source'], '<string>', 'exec')
    run = lambda: exec(code, {'__name__': '__main__', '__builtins__': __builtins__})  # noqa: E731
    return as_program(run, ['-c'] + request['argv'], request['env'], request.get('stdin', ''))


serve(answer)
