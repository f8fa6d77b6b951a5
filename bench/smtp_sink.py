"""An SMTP server in a process of its own that only counts what arrives, for the benchmarks.

The tests' `mailbox` (testing/smtp.py) runs in the test's own process and
parses and keeps every message: right for tests, but for a benchmark it
would compete with the code under test for the interpreter and its memory
would count as the sender's peak. This sink runs aiosmtpd in a separate
process and keeps only counts (and the first message, to look at):

    with SmtpSink() as sink:
        ... send to 127.0.0.1:sink.port ...
        sink.stats()  # {"messages": 1000, "recipients": 1000, "unique_recipients": 1000, "sample": b"..."}

No Django here: the process is started with "spawn" and imports only this module.
"""

import multiprocessing
import socket


def _serve(port, pipe):
    from aiosmtpd.controller import Controller

    class Counter:
        def __init__(self):
            self.reset()

        def reset(self):
            self.messages = 0
            self.recipients = 0
            self.unique = set()
            self.sample = None

        async def handle_DATA(self, server, session, envelope):
            self.messages += 1
            self.recipients += len(envelope.rcpt_tos)
            self.unique.update(address.lower() for address in envelope.rcpt_tos)
            if self.sample is None:
                self.sample = envelope.original_content or envelope.content
            return "250 Message accepted for delivery"

    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    pipe.send("ready")
    try:
        while True:
            command = pipe.recv()
            if command == "stats":
                pipe.send(
                    {
                        "messages": counter.messages,
                        "recipients": counter.recipients,
                        "unique_recipients": len(counter.unique),
                        "sample": counter.sample,
                    }
                )
            elif command == "clear":
                counter.reset()
                pipe.send("cleared")
            else:
                break
    finally:
        controller.stop()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    def __init__(self):
        self.port = free_port()
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(self.port, child), daemon=True)

    def __enter__(self):
        self._process.start()
        assert self._pipe.poll(30) and self._pipe.recv() == "ready", "the SMTP sink did not start"
        return self

    def __exit__(self, *exc):
        try:
            self._pipe.send("stop")
        finally:
            self._process.join(10)
            if self._process.is_alive():
                self._process.terminate()

    def stats(self):
        self._pipe.send("stats")
        return self._pipe.recv()

    def clear(self):
        self._pipe.send("clear")
        self._pipe.recv()
