"""Makes the server binary portable: copies it to STAGE/bin and every shared library it needs
beyond glibc, libstdc++ and libgcc_s (SQLite, OpenSSL, libcurl and libcurl's own) to STAGE/lib,
and points their run paths there with `$ORIGIN`, so the folder runs on any x86_64/arm64 Linux
with glibc, nothing installed.

    python3 packages/bundle.py BINARY STAGE PATCHELF
"""
import os
import re
import shutil
import subprocess
import sys

# What every glibc system has (and the manylinux policies allow a wheel to rely on).
SYSTEM = re.compile(r"^(ld-linux.*|linux-vdso.*|libc|libm|libdl|libpthread|librt|libutil|libresolv|libstdc\+\+|libgcc_s)\.so")


def needed(binary):
    """Every shared library `binary` loads, by name and resolved path (ldd's whole tree)."""
    out = subprocess.run(["ldd", binary], check=True, capture_output=True, text=True).stdout
    libraries = {}
    for line in out.splitlines():
        match = re.match(r"\s*(\S+) => (\S+) \(0x", line)
        if match:
            libraries[match.group(1)] = match.group(2)
        elif "not found" in line:
            sys.exit(f"bundle: {binary} needs a library this machine lacks: {line.strip()}")
    return libraries


def main():
    binary, stage, patchelf = sys.argv[1:4]
    shutil.rmtree(stage, ignore_errors=True)
    os.makedirs(os.path.join(stage, "bin"))
    os.makedirs(os.path.join(stage, "lib"))
    target = os.path.join(stage, "bin", "activitysmith-mock")
    shutil.copy2(binary, target)
    bundled = []
    for name, path in sorted(needed(binary).items()):
        if SYSTEM.match(name):
            continue
        copy = os.path.join(stage, "lib", name)
        shutil.copyfile(path, copy)
        os.chmod(copy, 0o755)
        subprocess.run([patchelf, "--set-rpath", "$ORIGIN", copy], check=True)
        bundled.append(name)
    subprocess.run([patchelf, "--set-rpath", "$ORIGIN/../lib", target], check=True)
    # Checked from the copy: every library now resolves inside the folder or to the system set.
    for name, path in needed(target).items():
        if not SYSTEM.match(name) and not os.path.realpath(path).startswith(os.path.realpath(stage)):
            sys.exit(f"bundle: {name} still resolves outside the folder: {path}")
    print(f"bundle: {len(bundled)} libraries in {stage}/lib: {' '.join(bundled)}")


if __name__ == "__main__":
    main()
