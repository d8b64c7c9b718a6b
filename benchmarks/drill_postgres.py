"""A private, throwaway PostgreSQL for the drill: its own data directory, port and socket directory.

The drill stops and starts PostgreSQL under load, so it must never use the shared server on port
5432. This one lives in a temporary directory (data, unix socket, log), listens on 127.0.0.1 on a
free port, trusts local connections, and is stopped and deleted by `destroy()`. initdb refuses
to run as root, so as root every PostgreSQL command runs as the `postgres` user (runuser), in a
directory that user owns.
"""

import contextlib
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
        self.url = f"postgres://postgres@127.0.0.1:{port}"

    def _run(self, program: str, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        command = [*prefix, str(self.bin / program), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=120, cwd=self.root)

    def init(self) -> None:
        self._run(
            "initdb",
            f"--pgdata={self.data}",
            "--username=postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",  # a throwaway cluster: no need to fsync its template files
        )

    def start(self) -> None:
        """Start, and wait until it accepts connections."""
        options = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.root} -c max_connections=50 "
            "-c random_page_cost=1.1"
        )
        self._run(
            "pg_ctl",
            "start",
            f"--pgdata={self.data}",
            f"--log={self.log}",
            "--wait",
            "--timeout=60",
            f"--options={options}",
        )
        self.pid = int((self.data / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        """pg_ctl stop -m fast: disconnect clients, roll back open transactions, checkpoint."""
        self._run("pg_ctl", "stop", f"--pgdata={self.data}", "--mode=fast", "--wait")
        self.pid = None

    def destroy(self) -> None:
        """Stop the server (ours, by its data directory; by its process id if pg_ctl fails) and
        delete everything it wrote."""
        if self.pid is not None:
            try:
                self.stop()
            except (subprocess.SubprocessError, OSError):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGINT)  # the postmaster's "fast" shutdown
                    time.sleep(5)
        shutil.rmtree(self.root, ignore_errors=True)
