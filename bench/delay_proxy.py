#!/usr/bin/env python3
"""A TCP forwarder that holds every chunk for half a round-trip time in each direction,
so that loopback behaves like a network with that RTT (the kernel's netem is not
available here). A new connection's first bytes also wait one RTT, as for a TCP handshake.
Bytes pass through untouched: TLS goes end to end, so each connection through it is one
TLS handshake; with COUNT_FILE it appends a line there for every connection accepted.

    delay_proxy.py LISTEN_PORT TARGET_PORT [RTT_MS [COUNT_FILE]]   (Ctrl-C stops it)
"""
import asyncio
import sys


async def pump(reader, writer, delay, not_before=0.0):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await queue.get()
            await asyncio.sleep(max(0.0, due - loop.time()))
            if data is None:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()

    sender = asyncio.create_task(deliver())
    try:
        while data := await reader.read(65536):
            queue.put_nowait((max(loop.time(), not_before) + delay, data))
    except OSError:
        pass
    queue.put_nowait((max(loop.time(), not_before) + delay, None))
    try:
        await sender
    except OSError:  # the other side went away first
        pass


async def main(listen_port, target_port, rtt_ms, count_file):
    delay = rtt_ms / 2000.0

    async def handle(client_reader, client_writer):
        if count_file:
            with open(count_file, "a") as f:
                f.write("connection\n")
        # The client's connect() returned at once, but over a real network its first bytes
        # could only leave after the TCP handshake: one RTT.
        handshake_done = asyncio.get_running_loop().time() + 2 * delay
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pump(client_reader, up_writer, delay, handshake_done),
                             pump(up_reader, client_writer, delay))
        for w in (client_writer, up_writer):
            w.close()

    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    try:
        asyncio.run(main(int(args[0]), int(args[1]), float(args[2]) if len(args) > 2 else 80.0,
                         args[3] if len(args) > 3 else None))
    except KeyboardInterrupt:
        pass
