#!/usr/bin/env python3
"""Checks the Dockerfile against the tree where Docker itself is not available.

An image that cannot build, or that builds but lacks a library at run time, is found here
instead of on a clinic's server:
- the build stage installs every package scripts/setup.sh lists for the build (its groups
  before "tests and benchmarks");
- the build stage copies every top-level folder the CMake files read (${PROJECT_SOURCE_DIR}/X,
  add_subdirectory, the data folders);
- the runtime stage installs the Debian package of every shared library the built program
  names (readelf NEEDED, ldd, then dpkg -S), but the ones debian:12-slim already has;
- `cmake --install --component C` in the build stage installs nothing from the build tree
  that its `cmake --build --target ...` did not build (read from the build tree's
  cmake_install.cmake: which built files component C installs).

    dockerfile_check.py SOURCE_DIR PROGRAM
"""
import os
import re
import subprocess
import sys

# What debian:12-slim has installed already (its essential set).
SLIM_HAS = {"libc6", "libgcc-s1", "libstdc++6", "zlib1g", "libzstd1", "liblzma5", "libbz2-1.0",
            "libcrypt1", "libselinux1", "libpcre2-8-0", "libacl1", "libattr1", "libgmp10",
            "libtinfo6", "libsystemd0", "libudev1", "libcap2", "libgcrypt20", "libgpg-error0",
            "liblz4-1", "libmd0", "libdb5.3"}


def fail(msg):
    print("FAIL: dockerfile: " + msg)
    sys.exit(1)


def stages(text):
    """The Dockerfile's stages: a list of (FROM line, joined instructions)."""
    text = re.sub(r"\\\n", " ", text)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            out.append((line, []))
        elif out:
            out[-1][1].append(line)
    return out


def apt_packages(instructions):
    pkgs = set()
    for ins in instructions:
        for m in re.finditer(r"apt-get install ([^&;]*)", ins):
            pkgs.update(w for w in m.group(1).split() if not w.startswith("-"))
    return pkgs


def copied(instructions):
    out = set()
    for ins in instructions:
        parts = ins.split()
        if parts[0].upper() == "COPY" and not any(p.startswith("--from") for p in parts):
            for src in parts[1:-1]:
                out.add(src.strip("/").split("/")[0])
    return out


def setup_build_packages(source):
    text = open(os.path.join(source, "scripts", "setup.sh"), encoding="utf-8").read()
    body = text[text.index("packages=("):]
    body = body[:body.index("# tests and benchmarks")]
    words = []
    for line in body.splitlines()[1:]:
        line = line.split("#")[0]
        words += line.split()
    # The dictionary package is where layouts/hyphenation's file came from, not a build input.
    return {w for w in words if w not in ("hyphen-en-us",)}


def cmake_folders(source):
    folders = set()
    files = [os.path.join(source, "CMakeLists.txt")]
    cmake_dir = os.path.join(source, "cmake")
    files += [os.path.join(cmake_dir, f) for f in os.listdir(cmake_dir) if f.endswith(".cmake")]
    for path in files:
        text = open(path, encoding="utf-8").read()
        folders.update(re.findall(r"\$\{PROJECT_SOURCE_DIR\}/([A-Za-z0-9_.-]+)/", text))
        for m in re.finditer(r"add_subdirectory\((\w+)\)", text):
            folders.add(m.group(1))
        m = re.search(r"set\(HANDOUT_DATA_FOLDERS ([^)]*)\)", text)
        if m:
            folders.update(m.group(1).split())
    # Tests and benchmarks are off in the image (-DHANDOUT_TESTS=OFF -DHANDOUT_BENCH=OFF).
    return folders - {"tests", "bench"}


def runtime_packages(program):
    """The package of each library the program names itself (NEEDED); what those load in
    turn comes with their packages' own dependencies."""
    dyn = subprocess.run(["readelf", "-d", program], capture_output=True, text=True, check=True).stdout
    needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dyn))
    out = subprocess.run(["ldd", program], capture_output=True, text=True, check=True).stdout
    pkgs = {}
    for line in out.splitlines():
        m = re.match(r"\s*(\S+) => (/\S+)", line)
        if not m or m.group(1) not in needed:
            continue
        real = os.path.realpath(m.group(2))
        owner = None
        for candidate in (m.group(2), real, "/usr" + m.group(2) if not m.group(2).startswith("/usr") else m.group(2)):
            r = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if r.returncode == 0:
                owner = r.stdout.split(":")[0].strip()
                break
        if owner is None:
            fail("no Debian package owns %s (loaded by %s)" % (m.group(2), program))
        pkgs[owner] = m.group(1)
    return pkgs


def built_files_of_component(build_dir, component):
    """The build-tree files that `cmake --install --component COMPONENT` copies, from the
    build tree's cmake_install.cmake and the ones it includes (not the other build trees
    that tests make inside it)."""
    build_dir = os.path.realpath(build_dir)
    files = set()
    pending = [os.path.join(build_dir, "cmake_install.cmake")]
    seen = set()
    while pending:
        script = pending.pop()
        if script in seen or not os.path.exists(script):
            continue
        seen.add(script)
        text = open(script, encoding="utf-8").read()
        pending += re.findall(r'include\("([^"]+/cmake_install\.cmake)"\)', text)
        for block in re.finditer(r'if\(CMAKE_INSTALL_COMPONENT STREQUAL "([^"]+)"[^\n]*\n(.*?)\nendif\(\)', text, re.S):
            if block.group(1) != component or "file(INSTALL" not in block.group(2):
                continue
            for path in re.findall(r'"(/[^"]+)"', block.group(2)):
                if os.path.realpath(path).startswith(build_dir + "/"):
                    files.add(os.path.basename(path))
    return files


def target_outputs(build_dir, target):
    """The files a target's link step makes (its -o output, and for a shared library the
    version symlinks), read from CMakeFiles/TARGET.dir/link.txt in the build tree, and the
    files its POST_BUILD commands write in the build tree (the program's manual page), named
    in the commands of CMakeFiles/TARGET.dir/build.make."""
    names = {target}
    real = os.path.realpath(build_dir)
    for root, dirs, _ in os.walk(build_dir):
        dirs[:] = [d for d in dirs if d == "CMakeFiles" or not d.startswith(("install", "_deps"))]
        link = os.path.join(root, "CMakeFiles", target + ".dir", "link.txt")
        if os.path.exists(link):
            for word in open(link, encoding="utf-8").read().split():
                names.add(os.path.basename(word))
            make = os.path.join(root, "CMakeFiles", target + ".dir", "build.make")
            if os.path.exists(make):
                for line in open(make, encoding="utf-8").read().splitlines():
                    if not line.startswith("\t"):
                        continue
                    for word in line.split():
                        if word.startswith("/") and os.path.realpath(word).startswith(real + "/share/"):
                            names.add(os.path.basename(word))
            break
    return names


def install_problems(build, build_dir):
    """What the build stage's `cmake --install --component C` needs but its `cmake --build
    --target T...` does not build: files an unbuilt target would have made."""
    joined = " ".join(build)
    component = re.search(r"cmake --install\b[^&;]*--component\s+(\S+)", joined)
    targets = re.search(r"cmake --build\b[^&;]*--target\s+([^&;-][^&;]*?)(?:\s+--|\s*&&|\s*$)", joined)
    if not component:
        return []
    if not targets:
        return []  # every target is built
    built = set(targets.group(1).split())
    made = set()
    for target in built:
        made |= target_outputs(build_dir, target)
    unbuilt = sorted(f for f in built_files_of_component(build_dir, component.group(1)) if f not in made)
    if unbuilt:
        return ["the build stage installs component %s, which copies %s, but builds only %s" %
                (component.group(1), " ".join(unbuilt), " ".join(sorted(built)))]
    return []


def main():
    source, program = sys.argv[1], sys.argv[2]
    st = stages(open(os.path.join(source, "Dockerfile"), encoding="utf-8").read())
    if len(st) < 2:
        fail("expected a build stage and a runtime stage")
    build, runtime = st[0][1], st[-1][1]
    problems = []
    missing = sorted(setup_build_packages(source) - apt_packages(build))
    if missing:
        problems.append("the build stage does not install %s (scripts/setup.sh's build packages)" % " ".join(missing))
    not_copied = sorted(f for f in cmake_folders(source) - copied(build) if os.path.isdir(os.path.join(source, f)))
    if not_copied:
        problems.append("the build stage does not COPY %s, which the CMake files read" % " ".join(not_copied))
    problems += install_problems(build, os.path.dirname(os.path.abspath(program)))
    needed = runtime_packages(program)
    # The service's own program (handout serve runs it), beside the command in the build tree.
    serve = os.path.join(os.path.dirname(os.path.abspath(program)), "handout-serve")
    if os.path.exists(serve):
        needed.update(runtime_packages(serve))
    have = apt_packages(runtime)
    lacking = sorted(p for p in needed if p not in have and p not in SLIM_HAS)
    if lacking:
        problems.append("the runtime stage does not install %s (loaded: %s)" %
                        (" ".join(lacking), ", ".join(needed[p] for p in lacking)))
    if problems:
        fail("; ".join(problems))
    print("PASS: dockerfile: %d build packages, %d folders copied, %d runtime packages cover the "
          "program's %d libraries" % (len(apt_packages(build)), len(copied(build)), len(have), len(needed)))


if __name__ == "__main__":
    main()
