# A tiny process that starts the benchmark's children: python -I -S spawner.py
#
# Why: a child's ru_maxrss (from wait4) includes the memory of the process it was forked
# from (Linux records the pre-exec mm's high-water mark at exec; with vfork that is the
# parent's lifetime peak). The benchmark parent grows while it generates corpora, so its
# children would all report >= its size. Forking from this ~8 MB process keeps the
# children's peak RSS honest (max(own peak, ~8 MB)).
#
# Protocol: one JSON request per line on stdin
#   {"argv": [...], "env": {...}, "cwd": "...", "stdout": path|null, "stderr": path}
# and one JSON reply per line on stdout: {"wall": s, "maxrss_kb": n, "rc": n}.
import json
import os
import sys
import time


def serve() -> None:
    for line in sys.stdin:
        req = json.loads(line)
        argv, env = req["argv"], req["env"]
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            try:
                os.chdir(req["cwd"])
                fd_in = os.open(os.devnull, os.O_RDONLY)
                fd_out = os.open(req["stdout"] or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                fd_err = os.open(req["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(fd_in, 0)
                os.dup2(fd_out, 1)
                os.dup2(fd_err, 2)
                os.execve(argv[0], argv, env)
            except BaseException as exc:  # whatever it is: report and leave the child
                try:
                    os.write(2, f"spawn failed: {exc!r}\n".encode())
                finally:
                    os._exit(127)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - started
        reply = {"wall": wall, "maxrss_kb": usage.ru_maxrss, "rc": os.waitstatus_to_exitcode(status)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


serve()
