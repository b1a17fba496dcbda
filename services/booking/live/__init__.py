"""Live availability: the booking service's Server-Sent Events (issue 14 part 1).

`channels` is what the Django side (after commit) and the stream process agree on; `app` is
the small ASGI process that holds the widgets' open streams, so no gunicorn worker does.
"""
