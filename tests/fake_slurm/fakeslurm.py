"""A fake SLURM on the local machine: ``sbatch``, ``srun``, ``sacct`` and ``scancel``.

Enough of SLURM for submitit's ``SlurmExecutor`` (and so for Hydra's
``hydra/launcher=submitit_slurm``) to run its jobs here, for tests:

* ``sbatch [--parsable] [--opt=value ...] script`` reads the script's ``#SBATCH``
  options, prints ``Submitted batch job <id>`` (or the bare id with
  ``--parsable``) and runs the script in the background, once per array task
  (``--array=0-5%2``: at most 2 at a time), with the ``SLURM_*`` variables a job
  sees (``SLURM_JOB_ID``, ``SLURM_ARRAY_JOB_ID``, ``SLURM_ARRAY_TASK_ID``,
  ``SLURM_PROCID``, ``SLURM_NTASKS``, ``SLURM_LOCALID``, ``SLURM_NODEID``,
  ``SLURM_JOB_NUM_NODES``, ``SLURM_JOB_NODELIST`` …), its ``--output``/``--error``
  files and its ``--time`` limit;
* ``srun [options] command ...`` runs one task of the command with ``--output``
  and ``--error`` (``%j %A %a %t %x %N %u %%`` expanded);
* ``sacct -o JobID,State,NodeList --parsable2 -j <id> ...`` reports each job or
  array task as PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT or CANCELLED;
* ``scancel <id> [--signal SIG]`` cancels a job (or signals it).

Job states, and a log of the calls (``calls.log``), live in ``$FAKE_SLURM_STATE``
(default ``<tmp>/fakeslurm-<uid>``).
One task per job and one node only; no ``scontrol`` (submitit needs it only to
requeue a job that timed out, which the sweeps here never ask for).

Use: ``python fakeslurm.py <sbatch|srun|sacct|scancel> args...``; put wrappers
named after the commands on ``PATH`` (see ``install``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

NODE = "fakenode1"
COMMANDS = ("sbatch", "srun", "sacct", "scancel")
FINAL = ("COMPLETED", "FAILED", "TIMEOUT", "CANCELLED")
# srun/sbatch options that take a value when written as "--opt value" / "-o value"
_WITH_VALUE = {
    "--output", "-o", "--error", "-e", "--ntasks", "-n", "--nodes", "-N", "--cpus-per-task", "-c",
    "--job-name", "-J", "--partition", "-p", "--time", "-t", "--mem", "--mem-per-cpu", "--gres",
    "--export", "--ntasks-per-node", "--array", "-a", "--account", "-A", "--qos", "-q", "--signal",
    "--constraint", "-C", "--exclude", "-x", "--chdir", "-D", "--mpi", "--cpu-bind", "--open-mode",
    "--comment", "--wckey", "--dependency", "-d", "--nodelist", "-w", "--mail-type", "--mail-user",
}  # fmt: skip


def state_dir() -> Path:
    """Folder of the job state files."""
    d = Path(os.environ.get("FAKE_SLURM_STATE") or Path(tempfile.gettempdir()) / f"fakeslurm-{os.getuid()}")
    d.mkdir(parents=True, exist_ok=True)
    return d


def _reserve_ids(count: int) -> int:
    """Reserve ``count`` consecutive job ids; return the first."""
    with open(state_dir() / "counter", "a+", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        text = f.read().strip()
        first = int(text) + 1 if text else 1001
        f.seek(0)
        f.truncate()
        f.write(str(first + count - 1))
    return first


def _state_path(key: str) -> Path:
    return state_dir() / f"{key}.json"


def read_state(key: str) -> dict[str, Any]:
    """State record of job or array task ``key`` ("1001" or "1001_3"), {} if unknown."""
    try:
        return dict(json.loads(_state_path(key).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def write_state(key: str, state: str, **extra: Any) -> None:
    """Record ``state`` of job or array task ``key`` (atomically)."""
    path = _state_path(key)
    record = {**read_state(key), "state": state, **extra}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, path)


def parse_options(args: list[str]) -> tuple[dict[str, str | bool], list[str]]:
    """(options until the first non-option word, the remaining words)."""
    opts: dict[str, str | bool] = {}
    i = 0
    while i < len(args):
        a = args[i]
        if not a.startswith("-") or a == "-":
            break
        if a == "--":
            i += 1
            break
        if "=" in a and a.startswith("--"):
            k, v = a[2:].split("=", 1)
            opts[k] = v
        elif a in _WITH_VALUE and i + 1 < len(args):
            opts[a.lstrip("-")] = args[i + 1]
            i += 1
        else:
            opts[a.lstrip("-")] = True
        i += 1
    return opts, args[i:]


_SHORT = {"o": "output", "e": "error", "J": "job-name", "p": "partition", "t": "time", "a": "array",
          "n": "ntasks", "N": "nodes", "c": "cpus-per-task", "A": "account", "q": "qos"}  # fmt: skip


def _normalise(opts: dict[str, str | bool]) -> dict[str, str | bool]:
    return {_SHORT.get(k, k).replace("_", "-"): v for k, v in opts.items()}


def script_options(script: Path) -> dict[str, str | bool]:
    """The ``#SBATCH`` options at the top of a batch script."""
    words: list[str] = []
    for line in script.read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if not s or (s.startswith("#") and not s.startswith("#SBATCH")):
            continue
        if not s.startswith("#SBATCH"):
            break  # sbatch stops reading options at the first command
        words += shlex.split(s[len("#SBATCH") :])
    return _normalise(parse_options(words)[0])


def expand_pattern(pattern: str, env: dict[str, str]) -> str:
    """SLURM's filename pattern: %j job id, %A array master id, %a task id, %t task rank, ..."""
    values = {
        "j": env.get("SLURM_JOB_ID", ""),
        "A": env.get("SLURM_ARRAY_JOB_ID", env.get("SLURM_JOB_ID", "")),
        "a": env.get("SLURM_ARRAY_TASK_ID", "4294967294"),
        "t": env.get("SLURM_PROCID", "0"),
        "s": env.get("SLURM_STEP_ID", "batch"),
        "x": env.get("SLURM_JOB_NAME", ""),
        "N": env.get("SLURMD_NODENAME", NODE),
        "n": env.get("SLURM_NODEID", "0"),
        "u": os.environ.get("USER", str(os.getuid())),
        "%": "%",
    }
    return re.sub(r"%([jAatsxNnu%])", lambda m: values[m.group(1)], pattern)


def _minutes(text: str) -> float:
    """SLURM time limit ("90", "1:30:00", "2-00:00:00", "UNLIMITED") in minutes."""
    if text.upper() in ("UNLIMITED", "INFINITE"):
        return float("inf")
    days = 0
    if "-" in text:
        d, text = text.split("-", 1)
        days = int(d)
    parts = [int(p) for p in text.split(":")]
    if len(parts) == 1:
        minutes = parts[0]
    elif len(parts) == 2:
        minutes = parts[0] + parts[1] / 60
    else:
        minutes = parts[0] * 60 + parts[1] + parts[2] / 60
    return days * 1440 + minutes


def _array(spec: str) -> tuple[list[int], int]:
    """(task ids, how many may run at once) of ``--array=0-9%2`` / ``1,3,5-7``."""
    limit = 0
    if "%" in spec:
        spec, lim = spec.split("%", 1)
        limit = int(lim)
    ids: list[int] = []
    for part in spec.split(","):
        step = 1
        if ":" in part:
            part, s = part.split(":", 1)
            step = int(s)
        if "-" in part:
            lo, hi = part.split("-", 1)
            ids += list(range(int(lo), int(hi) + 1, step))
        else:
            ids.append(int(part))
    return ids, limit or len(ids)


# --------------------------------------------------------------------------- sbatch


def sbatch(args: list[str]) -> int:
    """Submit a batch script: print its id, run it in the background."""
    opts, rest = parse_options(args)
    if not rest:
        print("sbatch: error: no batch script given", file=sys.stderr)
        return 1
    script = Path(rest[0]).resolve()
    merged = {**script_options(script), **_normalise(opts)}
    per_node = merged.get("ntasks-per-node", merged.get("ntasks", 1))
    ntasks = int(str(merged.get("nodes", 1))) * int(str(per_node))
    if ntasks != 1:
        print("sbatch: error: the fake SLURM runs one task on one node per job", file=sys.stderr)
        return 1
    tasks, _ = _array(str(merged["array"])) if "array" in merged else ([], 1)
    first = _reserve_ids(max(1, len(tasks)))
    for i, t in enumerate(tasks or [None]):
        key = str(first) if t is None else f"{first}_{t}"
        write_state(key, "PENDING", job_id=first + i, name=str(merged.get("job-name", script.name)))
    subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "_run", str(first), str(script), json.dumps(merged),
         json.dumps(rest[1:])],
        cwd=os.getcwd(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    print(first if merged.get("parsable") else f"Submitted batch job {first}", flush=True)
    return 0


def _run_task(
    first: int,
    index: int,
    task: int | None,
    n_tasks: int,
    script: Path,
    opts: dict[str, Any],
    argv: list[str],
) -> None:
    key = str(first) if task is None else f"{first}_{task}"
    if read_state(key).get("state") == "CANCELLED":
        return
    env = dict(os.environ)
    name = str(opts.get("job-name", script.name))
    env.update(
        SLURM_JOB_ID=str(first + index),
        SLURM_JOBID=str(first + index),
        SLURM_JOB_NAME=name,
        SLURM_NTASKS="1",
        SLURM_NPROCS="1",
        SLURM_NNODES="1",
        SLURM_JOB_NUM_NODES="1",
        SLURM_JOB_NODELIST=NODE,
        SLURM_NODELIST=NODE,
        SLURMD_NODENAME=NODE,
        SLURM_NODEID="0",
        SLURM_PROCID="0",
        SLURM_LOCALID="0",
        SLURM_SUBMIT_DIR=os.getcwd(),
        SLURM_SUBMIT_HOST=NODE,
        SLURM_CLUSTER_NAME="fake",
        SLURM_JOB_PARTITION=str(opts.get("partition", "fake")),
    )
    if "cpus-per-task" in opts:
        env["SLURM_CPUS_PER_TASK"] = str(opts["cpus-per-task"])
    if task is not None:
        env.update(
            SLURM_ARRAY_JOB_ID=str(first),
            SLURM_ARRAY_TASK_ID=str(task),
            SLURM_ARRAY_TASK_COUNT=str(n_tasks),
        )
    default_out = "slurm-%A_%a.out" if task is not None else "slurm-%j.out"
    out_path = Path(expand_pattern(str(opts.get("output", default_out)), env))
    err_path = Path(expand_pattern(str(opts["error"]), env)) if "error" in opts else out_path
    for p in (out_path, err_path):
        p.parent.mkdir(parents=True, exist_ok=True)
    limit_s = _minutes(str(opts.get("time", "UNLIMITED"))) * 60
    with open(out_path, "ab") as out, open(err_path, "ab") as err:
        proc = subprocess.Popen(
            ["bash", str(script), *argv], env=env, stdout=out, stderr=err, start_new_session=True
        )
        write_state(key, "RUNNING", pid=proc.pid, started=time.time())
        try:
            code = proc.wait(timeout=None if limit_s == float("inf") else limit_s)
            final = "COMPLETED" if code == 0 else "FAILED"
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            code, final = proc.returncode, "TIMEOUT"
    if read_state(key).get("state") != "CANCELLED":
        write_state(key, final, exit_code=code, ended=time.time())


def run_job(first: int, script: Path, opts: dict[str, Any], argv: list[str]) -> None:
    """Run a submitted job (every array task, ``%limit`` at a time)."""
    tasks, limit = _array(str(opts["array"])) if "array" in opts else ([], 1)
    todo: list[tuple[int, int | None]] = list(enumerate(tasks)) if tasks else [(0, None)]
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                if not todo:
                    return
                index, task = todo.pop(0)
            _run_task(first, index, task, len(tasks), script, opts, argv)

    threads = [threading.Thread(target=worker) for _ in range(min(limit, len(todo)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


# --------------------------------------------------------------------------- srun


def srun(args: list[str]) -> int:
    """Run one task of a command inside a job, with its output files."""
    opts, command = parse_options(args)
    opts = _normalise(opts)
    if not command:
        print("srun: error: no command given", file=sys.stderr)
        return 1
    env = dict(os.environ, SLURM_STEP_ID="0", SLURM_STEPID="0", SLURM_STEP_NUM_TASKS="1")
    env["SLURM_STEP_NODELIST"] = env.get("SLURM_JOB_NODELIST", NODE)
    files = []
    for name in ("output", "error"):
        if name in opts:
            p = Path(expand_pattern(str(opts[name]), env))
            p.parent.mkdir(parents=True, exist_ok=True)
            files.append(open(p, "ab"))  # noqa: SIM115 - closed below
        else:
            files.append(None)
    out, err = files
    if err is None and out is not None:
        err = out
    try:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1, signal.SIGUSR2):
            signal.signal(sig, lambda s, _f: proc.send_signal(s))
        return proc.wait()
    finally:
        for f in files:
            if f is not None:
                f.close()


# --------------------------------------------------------------------------- sacct


def _keys_of(job: str) -> list[str]:
    if "_" in job or _state_path(job).exists():
        return [job] if _state_path(job).exists() else []
    tasks = sorted(state_dir().glob(f"{job}_*.json"), key=lambda p: int(p.stem.split("_")[1]))
    return [p.stem for p in tasks]


def sacct(args: list[str]) -> int:
    """Report the state of jobs and array tasks, like ``sacct --parsable2``."""
    fields = ["JobID", "JobName", "Partition", "Account", "AllocCPUS", "State", "ExitCode"]
    jobs: list[str] = []
    header = True
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-o", "--format") and i + 1 < len(args):
            fields = args[i + 1].split(",")
            i += 1
        elif a.startswith("--format="):
            fields = a.split("=", 1)[1].split(",")
        elif a in ("-j", "--jobs") and i + 1 < len(args):
            jobs += args[i + 1].split(",")
            i += 1
        elif a.startswith("--jobs="):
            jobs += a.split("=", 1)[1].split(",")
        elif a in ("-n", "--noheader"):
            header = False
        i += 1
    lines = ["|".join(fields)] if header else []
    for job in jobs:
        for key in _keys_of(job):
            rec = read_state(key)
            state = str(rec.get("state", "PENDING"))
            values = {
                "jobid": key,
                "jobname": str(rec.get("name", "")),
                "state": state,
                "nodelist": "None assigned" if state == "PENDING" else NODE,
                "exitcode": f"{rec.get('exit_code', 0)}:0",
                "partition": "fake",
                "alloccpus": "1",
            }
            lines.append("|".join(values.get(f.split("%")[0].lower(), "") for f in fields))
    print("\n".join(lines))
    return 0


# --------------------------------------------------------------------------- scancel


def scancel(args: list[str]) -> int:
    """Cancel jobs (or send them ``--signal``)."""
    ids: list[str] = []
    sig_name: str | None = None
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--signal", "-s") and i + 1 < len(args):
            sig_name = args[i + 1]
            i += 1
        elif a.startswith("--signal="):
            sig_name = a.split("=", 1)[1]
        elif not a.startswith("-"):
            ids.append(a)
        i += 1
    sig = signal.SIGTERM
    if sig_name:
        sig = getattr(signal, sig_name if sig_name.startswith("SIG") else f"SIG{sig_name}")
    for job in ids:
        for key in _keys_of(job):
            rec = read_state(key)
            if rec.get("state") in FINAL:
                continue
            if not sig_name:
                write_state(key, "CANCELLED")
            if "pid" in rec:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(int(rec["pid"]), sig)
    return 0


# --------------------------------------------------------------------------- entry points


def install(bin_dir: Path, python: str = sys.executable) -> list[Path]:
    """Write ``sbatch``, ``srun``, ``sacct`` and ``scancel`` wrappers into ``bin_dir``."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for cmd in COMMANDS:
        p = bin_dir / cmd
        p.write_text(
            f'#!/bin/sh\nexec {shlex.quote(python)} {shlex.quote(os.path.abspath(__file__))} {cmd} "$@"\n',
            encoding="utf-8",
        )
        p.chmod(0o755)
        written.append(p)
    return written


def main(argv: list[str]) -> int:
    """``fakeslurm.py <command> args...``"""
    if not argv:
        print(f"usage: fakeslurm.py {{{','.join(COMMANDS)},install}} args...", file=sys.stderr)
        return 2
    cmd, args = argv[0], argv[1:]
    if cmd in COMMANDS:  # a log of the calls, for tests
        with open(state_dir() / "calls.log", "a", encoding="utf-8") as log:
            log.write(shlex.join([cmd, *args]) + "\n")
    if cmd == "_run":
        run_job(int(args[0]), Path(args[1]), json.loads(args[2]), json.loads(args[3]))
        return 0
    if cmd == "install":
        for p in install(Path(args[0])):
            print(p)
        return 0
    handlers = {"sbatch": sbatch, "srun": srun, "sacct": sacct, "scancel": scancel}
    if cmd not in handlers:
        print(f"fakeslurm: unknown command {cmd!r}", file=sys.stderr)
        return 2
    return handlers[cmd](args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
