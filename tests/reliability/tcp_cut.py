"""A TCP forwarder that can cut every connection the moment a given byte string passes.

Put between gunicorn and PostgreSQL, it makes the database vanish in the middle of a
transaction, at a statement of the test's choosing.
"""

import contextlib
import socket
import threading

from tests.smtp_sink import free_port


class CuttingProxy:
    def __init__(self, target_port, *, port=None):
        self.target = ("127.0.0.1", target_port)
        self.port = port or free_port()
        self.cut_on = None
        self.cuts = 0
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._open = []
        self._lock = threading.Lock()
        self._running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self._running:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            with self._lock:
                self._open += [client, server]
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, source, sink, from_app):
        try:
            while chunk := source.recv(65536):
                if from_app and self.cut_on is not None and self.cut_on in chunk:
                    self.cuts += 1
                    self.cut_all()
                    return
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut_all(self):
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            self._open = []

    def close(self):
        self._running = False
        self._listener.close()
        self.cut_all()
