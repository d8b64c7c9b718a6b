"""A private, throwaway PostgreSQL for the drill: its own data directory, port and socket directory.

The drill stops and starts PostgreSQL under load, so it must never use the shared server on port
5432. This one lives in a temporary directory (data, unix socket, log), listens on 127.0.0.1 on a
free port, trusts local connections, and is stopped and deleted by `destroy()`. initdb refuses
to run as root, so as root every PostgreSQL command runs as the `postgres` user (runuser), in a
directory that user owns.
"""

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path


def server_binaries() -> Path:
    """The newest PostgreSQL server binaries installed under /usr/lib/postgresql/<version>/bin."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parent.parent.name),
    )
    if not found:
        raise RuntimeError("No PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
    return Path(found[-1]).parent


class PrivatePostgres:
    def __init__(self, port: int):
        self.port = port
        self.bin = server_binaries()
        self.as_root = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="rallying-drill-pg-"))
        if self.as_root:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                shutil.rmtree(self.root)
                raise RuntimeError(
                    "Run as root, the drill runs initdb as the 'postgres' user, which does not "
                    "exist here: install PostgreSQL's server package or run as another user."
                ) from None
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        self.data = self.root / "data"
        self.log = self.root / "postgresql.log"
        self.pid: int | None = None

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _run(self, *command: str, timeout: float = 120) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        return subprocess.run(
            [*prefix, *command],
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.root,
        )

    def init(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            f"--pgdata={self.data}",
            "--username=postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",  # a throwaway cluster: no need to fsync its template files
        )

    def start(self) -> float:
        """Start and wait until it accepts connections; seconds taken."""
        started = time.monotonic()
        options = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.root} -c max_connections=50 "
            "-c random_page_cost=1.1"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "start",
            f"--pgdata={self.data}",
            f"--log={self.log}",
            "--wait",
            "--timeout=60",
            f"--options={options}",
        )
        self.pid = int((self.data / "postmaster.pid").read_text().split()[0])
        return time.monotonic() - started

    def stop(self, mode: str = "fast") -> float:
        """pg_ctl stop (fast: disconnect clients, roll back open transactions, checkpoint)."""
        started = time.monotonic()
        self._run(
            str(self.bin / "pg_ctl"), "stop", f"--pgdata={self.data}", f"--mode={mode}", "--wait"
        )
        self.pid = None
        return time.monotonic() - started

    def running(self) -> bool:
        if self.pid is None:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def destroy(self) -> None:
        """Stop the server (ours, by its data directory; by its process id if pg_ctl fails) and
        delete everything it wrote."""
        if self.running():
            try:
                self.stop("fast")
            except (subprocess.SubprocessError, OSError):
                try:
                    os.kill(self.pid, signal.SIGINT)  # the postmaster's "fast" shutdown
                    time.sleep(5)
                except ProcessLookupError:
                    pass
        shutil.rmtree(self.root, ignore_errors=True)
