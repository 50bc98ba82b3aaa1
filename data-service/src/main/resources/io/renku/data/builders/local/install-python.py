# Installs a repository's Python dependencies into a session image; run as root by a RUN step of
# the Containerfile that Renku's local builder writes (data-service build/local). Arguments: the
# directory holding the repository's requirements.txt and/or pyproject.toml.
#
# With PyPI reachable: pip installs them (Debian's python3-pip, into /usr/local).
# Without (this machine reaches only Debian's mirror): each requirement becomes the Debian package
# python3-<name> (versions are not kept: Debian has one), installed with apt-get; a project with a
# pyproject.toml is then installed with pip offline (no index, no build isolation, no dependencies).
# Lines the builder should show as the failure's reason start with "renku-build: error: ".
import os
import re
import socket
import subprocess
import sys
import tomllib

PYPI = ("pypi.org", 443)
NETWORK_TIMEOUT = 5
APT = ["apt-get", "-o", "Acquire::http::Timeout=30", "-o", "Acquire::Retries=2"]
# Debian names that are not python3-<the PyPI name>
DEBIAN_NAMES = {
    "attrs": "attr",
    "beautifulsoup4": "bs4",
    "msgpack-python": "msgpack",
    "opencv-python": "opencv",
    "pillow": "pil",
    "python-dateutil": "dateutil",
    "pyyaml": "yaml",
    "pyzmq": "zmq",
    "scikit-learn": "sklearn",
    "scikit-image": "skimage",
}
NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def say(line):
    print("renku-build: " + line, flush=True)


def fail(line):
    say("error: " + line)
    sys.exit(1)


def run(argv):
    say("$ " + " ".join(argv))
    return subprocess.run(argv).returncode


def reachable(address):
    try:
        socket.create_connection(address, NETWORK_TIMEOUT).close()
        return True
    except OSError:
        return False


def requirement_names(path):
    names = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("-") or "://" in line:
                say("skipped (not a package name, needs PyPI or a URL): " + line)
                continue
            m = NAME.match(line)
            if m:
                names.append(m.group(1))
    return names


def pyproject_names(path):
    with open(path, "rb") as f:
        data = tomllib.load(f)
    names = []
    for dep in data.get("project", {}).get("dependencies", []):
        m = NAME.match(dep)
        if m:
            names.append(m.group(1))
    return names


def debian_name(name):
    n = re.sub(r"[-_.]+", "-", name).lower()
    n = DEBIAN_NAMES.get(n, n)
    return "python3-" + n


def apt_install(packages):
    lists = "/var/lib/apt/lists"
    if not any(f.endswith("_Packages") for f in os.listdir(lists)):
        if run(APT + ["update"]) != 0:
            fail("apt-get update failed: Debian's mirror is not reachable")
    return run(APT + ["install", "-y", "--no-install-recommends"] + packages)


def main():
    project = sys.argv[1]
    requirements = os.path.join(project, "requirements.txt")
    pyproject = os.path.join(project, "pyproject.toml")
    has_requirements = os.path.isfile(requirements)
    has_pyproject = os.path.isfile(pyproject)

    if reachable(PYPI):
        say("PyPI is reachable: installing with pip")
        if apt_install(["python3-pip"]) != 0:
            fail("the Debian package python3-pip could not be installed")
        pip = ["python3", "-m", "pip", "install", "--no-cache-dir", "--break-system-packages",
               "--timeout", "30", "--retries", "2"]
        if has_requirements and run(pip + ["-r", requirements]) != 0:
            fail("pip could not install requirements.txt (see the lines above)")
        if has_pyproject and run(pip + [project]) != 0:
            fail("pip could not install the project of pyproject.toml (see the lines above)")
        return

    names = []
    if has_requirements:
        names += requirement_names(requirements)
    if has_pyproject:
        try:
            names += pyproject_names(pyproject)
        except (tomllib.TOMLDecodeError, OSError) as e:
            fail("pyproject.toml cannot be read: %s" % e)
    packages = sorted({debian_name(n) for n in names})
    if has_pyproject:
        packages = sorted(set(packages) | {"python3-pip", "python3-setuptools", "python3-wheel"})
    say("PyPI is not reachable from this machine: installing the requirements from Debian's"
        " packages instead (Debian's versions, whatever versions the files ask for)")
    for n in sorted(set(names)):
        say("  %s -> %s" % (n, debian_name(n)))
    if packages and apt_install(packages) != 0:
        fail("no Debian package for some requirement (PyPI is not reachable from this machine,"
             " so requirements are installed as Debian's python3-<name> packages): "
             + ", ".join(packages))
    if has_pyproject:
        offline = ["python3", "-m", "pip", "install", "--no-cache-dir", "--break-system-packages",
                   "--no-index", "--no-deps", "--no-build-isolation", project]
        if run(offline) != 0:
            fail("the project of pyproject.toml could not be installed offline (its build"
                 " backend must be a Debian package, e.g. setuptools)")


if __name__ == "__main__":
    main()
