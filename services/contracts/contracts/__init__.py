"""The only code the services share: task names, queues, payloads and token formats.

Plain Python, no Django. A changed payload gets a new versioned name beside the old one.
"""
