#!/usr/bin/env python3
"""The systemd unit for `handout serve` (resources/systemd/handout.service).

A unit whose sandbox forbids something the service does fails only on the machine where it
is enabled, at the first request that needs it (a system call answered EPERM, a file that is
not there). So this check runs the real service as the unit runs it and compares:

1. `systemd-analyze verify` reads the unit: no unknown key, no setting it cannot parse.
2. `handout serve` runs under strace from `/` (a system service's working folder), with the
   unit's options, and answers /health, /layouts, renders (English with a brand, a bilingual
   pair, an Arabic brochure), a validation and a bad request, then stops on SIGTERM with exit
   status 0, as the unit's stop does.
3. Every system call it made is one the unit's SystemCallFilter= allows (the groups expanded
   by `systemd-analyze syscall-filter`, as this machine's systemd defines them).
4. Where the unit sets them, it wrote no file (ProtectSystem=strict), read no file under
   /home, /root or /run/user (ProtectHome=yes) and nothing of /proc but processes
   (ProcSubset=pid; mimalloc reads /proc/sys/vm/overcommit_memory, so the unit leaves /proc
   whole), outside the folders of the build and source trees themselves; and mapped no memory
   both writable and executable (MemoryDenyWriteExecute=yes).

    systemd_check.py SOURCE_DIR HANDOUT_PROGRAM WORK_DIR
"""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time


def fail(msg):
    print(f"FAIL: systemd: {msg}")
    sys.exit(1)


def need(tool):
    if shutil.which(tool) is None:
        if os.environ.get("CI") == "true":
            fail(f"{tool} is missing")
        print(f"SKIP: {tool} is missing")
        sys.exit(77)


def read_unit(path):
    """The unit's settings: section -> list of (key, value), in file order."""
    sections, cur = {}, None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#") or line.startswith(";"):
                continue
            if line.startswith("["):
                cur = line.strip("[]")
                sections.setdefault(cur, [])
                continue
            key, _, value = line.partition("=")
            sections[cur].append((key.strip(), value.strip()))
    return sections


def syscall_groups():
    out = subprocess.run(["systemd-analyze", "syscall-filter"], capture_output=True, text=True, check=True).stdout
    groups, cur = {}, None
    for line in out.splitlines():
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if line.startswith("@"):
            cur = s
            groups[cur] = []
        elif cur:
            groups[cur].append(s)
    return groups


def expand(names, groups):
    out = set()
    for n in names:
        if n.startswith("@"):
            if n not in groups:
                fail(f"SystemCallFilter= names {n}, which this systemd does not know")
            out |= expand(groups[n], groups)
        else:
            out.add(n)
    return out


def allowed_syscalls(service, groups):
    """What SystemCallFilter= lets through: the first list that is not negated allows, the
    negated lists (~) after it take away (systemd.exec(5))."""
    allow, deny = None, set()
    for key, value in service:
        if key != "SystemCallFilter":
            continue
        if not value:
            allow, deny = None, set()
            continue
        negate = value.startswith("~")
        names = expand(value.lstrip("~").split(), groups)
        if negate:
            if allow is None:
                deny |= names
            else:
                allow -= names
        else:
            allow = names if allow is None else allow | names
            allow -= deny
    if allow is None:
        fail("the unit sets no allow-list SystemCallFilter=")
    return allow


def exec_options(service):
    env = {}
    for key, value in service:
        if key == "Environment":
            v = value.strip('"')
            k, _, val = v.partition("=")
            env[k] = val
    start = [v for k, v in service if k == "ExecStart"]
    if len(start) != 1:
        fail(f"the unit has {len(start)} ExecStart= lines")
    words = start[0].split()
    if words[:2] != ["handout", "serve"]:
        fail(f"ExecStart= is {start[0]!r}, not `handout serve ...`")
    args = []
    for w in words[2:]:
        m = re.fullmatch(r"\$(\w+)", w)
        args += env.get(m.group(1), "").split() if m else [w]
    return args


def request(port, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, data


def main():
    source, handout, work = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    need("systemd-analyze")
    need("strace")
    unit_path = os.path.join(source, "resources", "systemd", "handout.service")
    unit = read_unit(unit_path)
    service = unit.get("Service", [])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    # 1. systemd reads it. verify looks the command up, so the copy names the build's program.
    with open(unit_path, encoding="utf-8") as f:
        text = f.read()
    copy = os.path.join(work, "handout.service")
    with open(copy, "w", encoding="utf-8") as f:
        f.write(text.replace("ExecStart=handout ", f"ExecStart={handout} "))
    v = subprocess.run(["systemd-analyze", "verify", "--man=no", copy], capture_output=True, text=True)
    complaints = [line for line in (v.stdout + v.stderr).splitlines() if "handout.service" in line]
    if v.returncode != 0 or complaints:
        fail("systemd-analyze verify: " + (v.stdout + v.stderr).strip())
    print("systemd-analyze verify: clean")

    # 2. The service as the unit runs it.
    args = exec_options(service)
    if "--listen" not in args:
        fail("the unit's options name no --listen address")
    at = args.index("--listen")
    args[at + 1] = "127.0.0.1:0"
    trace = os.path.join(work, "trace.log")
    errlog = open(os.path.join(work, "serve.err"), "w+", encoding="utf-8")
    proc = subprocess.Popen(["strace", "-f", "-qq", "-o", trace, handout, "serve", *args],
                            cwd="/", stdout=subprocess.DEVNULL, stderr=errlog)
    port = None
    deadline = time.time() + 30
    while port is None and time.time() < deadline and proc.poll() is None:
        errlog.seek(0)
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", errlog.read())
        if m:
            port = int(m.group(1))
        else:
            time.sleep(0.05)
    if port is None:
        proc.kill()
        errlog.seek(0)
        fail("the service did not start: " + errlog.read())

    def article(topic, lang):
        with open(os.path.join(source, "content", topic, f"{lang}.json"), encoding="utf-8") as f:
            return json.load(f)

    checks = [
        ("GET", "/health", None, 200),
        ("GET", "/layouts", None, 200),
        ("POST", "/render", {"articles": [article("stem-cell-therapy", "en")], "layout": "a4", "brand": "al-noor"}, 200),
        ("POST", "/render", {"articles": [article("stem-cell-therapy", "en"), article("stem-cell-therapy", "ar")],
                             "layout": "bilingual-parallel"}, 200),
        ("POST", "/render", {"articles": [article("stem-cell-therapy", "ar")], "layout": "trifold-a4",
                             "brand": "riverside"}, 200),
        ("POST", "/validate", {"articles": [article("stem-cell-therapy", "ar")], "layout": "a5-booklet"}, 200),
        ("POST", "/validate", {"articles": [{"title": 5}], "layout": "a4"}, 400),
        ("POST", "/render", {"articles": [{"title": 5}], "layout": "a4"}, 400),
        ("GET", "/nowhere", None, 404),
    ]
    for method, path, body, want in checks:
        status, data = request(port, method, path, None if body is None else json.dumps(body))
        if status != want:
            proc.kill()
            fail(f"{method} {path} answered {status}, not {want}: {data[:300]!r}")
        if path == "/render" and want == 200 and not data.startswith(b"%PDF-"):
            proc.kill()
            fail(f"{method} {path} answered 200 without a PDF")
    # The service, not strace: systemd signals the service's main process.
    with open(trace, encoding="utf-8", errors="replace") as f:
        first = f.readline()
    service_pid = int(first.split()[0]) if first.split() and first.split()[0].isdigit() else None
    if service_pid is None:
        proc.kill()
        fail("the trace names no process")
    os.kill(service_pid, signal.SIGTERM)
    try:
        rc = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        fail("the service did not stop within 60 s of SIGTERM")
    if rc != 0:
        errlog.seek(0)
        fail(f"the service exited {rc} on SIGTERM: {errlog.read()[-2000:]}")
    print(f"served {len(checks)} requests under strace and stopped on SIGTERM")

    # 3. System calls.
    with open(trace, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    call_re = re.compile(r"^\d+ +([a-z_0-9]+)\(")
    used = {}
    for line in lines:
        m = call_re.match(line)
        if m:
            used[m.group(1)] = used.get(m.group(1), 0) + 1
    if "execve" not in used or "accept" not in used and "accept4" not in used:
        fail(f"the trace looks empty ({len(lines)} lines)")
    allowed = allowed_syscalls(service, syscall_groups())
    denied = sorted(n for n in used if n not in allowed)
    if denied:
        fail("system calls the unit's SystemCallFilter= would answer EPERM: " +
             ", ".join(f"{n} ({used[n]}x)" for n in denied))
    print(f"{len(used)} distinct system calls, all allowed by the unit's SystemCallFilter=")

    # 4. Files.
    settings = dict(service)
    ours = [os.path.realpath(p) for p in (source, os.path.dirname(handout))]
    open_re = re.compile(r'^\d+ +(?:openat|open)\((?:AT_FDCWD|\d+), "([^"]*)", ([A-Z_|]+)[^=]*= (\d+)')
    problems = []
    for line in lines:
        m = open_re.match(line)
        if not m:
            continue
        path, flags = m.group(1), m.group(2)
        real = os.path.realpath(path)
        if any(real == d or real.startswith(d + os.sep) for d in ours):
            continue
        if (settings.get("ProtectSystem") == "strict" and real != "/dev/null" and
                any(f in flags for f in ("O_WRONLY", "O_RDWR", "O_CREAT"))):
            problems.append(f"writes {path} (ProtectSystem=strict)")
        if settings.get("ProtectHome") == "yes" and re.match(r"^/(home|root|run/user)(/|$)", real):
            problems.append(f"reads {path} (ProtectHome=yes)")
        if (settings.get("ProcSubset") == "pid" and real.startswith("/proc/") and
                not re.match(r"^/proc/(self|thread-self|\d+)(/|$)", path)):
            problems.append(f"reads {path} (ProcSubset=pid)")
    # MemoryDenyWriteExecute=yes: no mapping both writable and executable (a JIT would need one).
    if settings.get("MemoryDenyWriteExecute") == "yes":
        for line in lines:
            if re.match(r"^\d+ +(mmap|mprotect|pkey_mprotect)\(", line) and "PROT_EXEC" in line and "PROT_WRITE" in line:
                problems.append("maps memory writable and executable (MemoryDenyWriteExecute=yes): " + line[:120])
                break
    if problems:
        fail("; ".join(sorted(set(problems))))
    print("PASS: systemd: the unit verifies and the service's calls and files fit its sandbox")


if __name__ == "__main__":
    main()
