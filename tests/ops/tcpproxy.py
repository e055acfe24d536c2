"""A TCP proxy a test starts in front of a server, and can blackhole.

Blackholed, it still accepts connections and reads what clients send, but forwards
nothing and never replies: what a client sees when the database host vanishes
behind a firewall that drops packets.
"""

import select
import socket
import threading


class TcpProxy:
    def __init__(self, target_port, listen_port, target_host="127.0.0.1"):
        self.target = (target_host, target_port)
        self.address = ("127.0.0.1", listen_port)
        self.blackholed = threading.Event()
        self._stop = threading.Event()
        self._sockets = set()
        self._lock = threading.Lock()
        self._server = socket.create_server(self.address, reuse_port=False)
        self._server.settimeout(0.2)
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)
        self._server.close()
        self._close_all()

    def blackhole(self):
        self.blackholed.set()

    def restore(self):
        """Forward again. Connections that lost bytes while blackholed are cut."""
        self._close_all()
        self.blackholed.clear()

    def _close_all(self):
        with self._lock:
            for sock in list(self._sockets):
                try:
                    sock.close()
                except OSError:
                    pass
            self._sockets.clear()

    def _track(self, *socks):
        with self._lock:
            self._sockets.update(socks)

    def _accept(self):
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._track(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        upstream = None
        if not self.blackholed.is_set():
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                return
            self._track(upstream)
        peers = {client: upstream, upstream: client} if upstream else {client: None}
        try:
            while not self._stop.is_set():
                readable, _, _ = select.select(list(peers), [], [], 0.2)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    if self.blackholed.is_set():
                        continue  # swallowed: nobody answers
                    other = peers[sock]
                    if other is not None:
                        other.sendall(data)
        except (OSError, ValueError):
            return
        finally:
            for sock in peers:
                if sock is not None:
                    try:
                        sock.close()
                    except OSError:
                        pass
